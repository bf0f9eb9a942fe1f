"""RunComfy's model catalog -> schemas/ (``pull``), and the stable text of schema files."""
