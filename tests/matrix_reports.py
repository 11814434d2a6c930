"""The reports app's rows of the authorisation matrix (tests/test_authorisation_matrix.py) and the
objects of provider A that they name, added to the matrix's world by `build`."""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Row

PAGES: dict[str, Row] = {}
API: dict[tuple[str, str], Row] = {}
API_BODIES: dict[tuple[str, str], dict[str, Any]] = {}


def build(w: Any) -> None:
    """Add the reports objects the rows above name to the world `w` (provider A's; see the matrix)."""
