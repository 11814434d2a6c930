"""Readers for the academic benchmark formats and their best known values."""

from __future__ import annotations

import gzip
from pathlib import Path


class FormatError(ValueError):
    """A benchmark file that cannot be read, with every problem found in it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


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
