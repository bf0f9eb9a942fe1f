# generated from templates/__main__.py.j2 by runcomfy-codegen; do not edit
"""``python -m runcomfy_client``: the same as the ``runcomfy-py`` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
