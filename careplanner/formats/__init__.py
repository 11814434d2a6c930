"""Readers for the academic benchmark formats and their best known values."""

from __future__ import annotations

import gzip
from pathlib import Path

from ..exceptions import FormatError

__all__ = ["FormatError", "instance_name", "read_text"]


def read_text(path: str | Path) -> str:
    """Read a text file, transparently gunzipping ``*.gz``."""
    p = Path(path)
    raw = p.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


def instance_name(path: str | Path) -> str:
    """File name without directories and format suffixes (``C101``, ``InstanzCPLEX_HCSRP_10_1``)."""
    name = Path(path).name
    for suffix in (".gz", ".json", ".txt", ".vrp"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name
