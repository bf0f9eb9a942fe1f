"""Stage 3: rendered text <-> disk: the atomic write of the output folder, and the check."""
