"""Settings of the plugins (placeholder until the one settings helper lands)."""

from __future__ import annotations

import sys


class SettingsError(SystemExit):
    """A wrong setting: one clear line, exit status 2, no traceback."""

    def __init__(self, message: str):
        print(f"settings: {message}", file=sys.stderr)
        super().__init__(2)
