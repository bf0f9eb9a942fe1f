"""``python -m runcomfy_client.cli``: the same as ``runcomfy-py`` (and ``python -m runcomfy_client``)."""

from __future__ import annotations

from . import main

raise SystemExit(main())
