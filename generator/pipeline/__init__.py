"""Stage 1: schemas/ -> ModelSpec. Load and validate the files, normalise RunComfy's dialect,
resolve every Python name; problems are values (file, JSON pointer, message). Also the other
input of a render: the release record of the output folder."""
