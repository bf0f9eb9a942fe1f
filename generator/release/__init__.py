"""The client package's version and CHANGELOG.md."""
