"""Stage 2 (pure): ModelSpec -> {relative path: text} for the output folder."""
