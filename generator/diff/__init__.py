"""Two schema sets -> classified changes (breaking / compatible) and their reports."""
