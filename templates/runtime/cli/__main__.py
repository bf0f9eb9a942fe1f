"""``python -m runcomfy_client.cli``: the same as the ``runcomfy`` command."""

from __future__ import annotations

from . import main

raise SystemExit(main())
