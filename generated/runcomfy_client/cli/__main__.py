# generated from templates/runtime/cli/__main__.py by runcomfy-codegen; do not edit
"""``python -m runcomfy_client.cli``: the same as ``runcomfy-py`` (and ``python -m runcomfy_client``)."""

from __future__ import annotations

from . import main

raise SystemExit(main())
