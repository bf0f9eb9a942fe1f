"""Stage 3: rendered text <-> disk: the atomic write of the output folder, the exact check, and the
quick staleness answer for the test session."""
