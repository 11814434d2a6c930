"""The quality app's rows of the authorisation matrix (tests/test_authorisation_matrix.py) and the
objects of provider A that they name, added to the matrix's world by `build`.

Two parts of the app keep their rows apart: monitoring (intelligence, assessments, quality visits,
action plans, caseloads) and risk (risk tool, re-ranking, monthly returns, surveys, contract
actions)."""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Row

MONITORING_PAGES: dict[str, Row] = {}
RISK_PAGES: dict[str, Row] = {}
MONITORING_API: dict[tuple[str, str], Row] = {}
RISK_API: dict[tuple[str, str], Row] = {}

PAGES: dict[str, Row] = {**MONITORING_PAGES, **RISK_PAGES}
API: dict[tuple[str, str], Row] = {**MONITORING_API, **RISK_API}
API_BODIES: dict[tuple[str, str], dict[str, Any]] = {}


def build_monitoring(w: Any) -> None:
    """Monitoring objects of provider A (and the confidential ones the matrix checks)."""


def build_risk(w: Any) -> None:
    """Risk, re-ranking, return and survey objects of provider A."""


def build(w: Any) -> None:
    """Add the quality objects the rows above name to the world `w` (provider A's; see the matrix)."""
    build_monitoring(w)
    build_risk(w)
