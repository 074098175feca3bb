"""Debian's Chromium as the browser tests and the page benchmark drive it (through Playwright's
``executable_path``; ``playwright install`` is never needed), and the map tiles they stub."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("YIZHAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in a container
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TILE_HOSTS = ("autonavi.com", "tile.openstreetmap.org")
# A 1x1 transparent PNG: tiles are "served" without internet, so no request fails.
EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
