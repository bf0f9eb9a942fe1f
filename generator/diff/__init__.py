"""Two schema sets -> classified changes (breaking / compatible), their reports, and the
``diff`` command."""
