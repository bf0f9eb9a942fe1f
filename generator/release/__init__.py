"""The release step: the next version and CHANGELOG entry from the last release record (``plan``),
and the ``release`` command."""
