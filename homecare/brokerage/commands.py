from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from homecare.brokerage import reports
from homecare.brokerage.importers import import_packages
from homecare.core.actor import Actor
from homecare.core.subcommands import Subcommand


def _iso(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from exc


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        type=Path,
        help="CSV with one row per package episode; columns in the README (an optional source_ref "
        "column makes a re-import update episodes instead of adding them)",
    )


def _import(options: dict[str, Any], by: Actor) -> str:
    path: Path = options["file"]
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    return import_packages(path, by=by).summary()


def _period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=_iso, required=True, help="First day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=_iso, required=True, help="Last day (YYYY-MM-DD)")
    parser.add_argument("--format", choices=["csv", "table"], default="table")


def _check_period(options: dict[str, Any]) -> tuple[dt.date, dt.date]:
    if options["date_to"] < options["date_from"]:
        raise CommandError("--to must be on or after --from")
    return options["date_from"], options["date_to"]


def _acl(options: dict[str, Any], by: Actor) -> str:
    date_from, date_to = _check_period(options)
    rows = reports.acl_report(date_from=date_from, date_to=date_to)
    return reports.render(reports.ACL_COLUMNS, [r.as_row() for r in rows], options["format"])


def _bed_days(options: dict[str, Any], by: Actor) -> str:
    date_from, date_to = _check_period(options)
    rows = reports.bed_days_report(date_from=date_from, date_to=date_to, today=timezone.localdate())
    return reports.render(reports.BED_DAY_COLUMNS, [r.as_row() for r in rows], options["format"])


IMPORTS = [
    Subcommand(
        "packages",
        "Import historical package episodes (CSV, one row per episode)",
        _import_arguments,
        _import,
    )
]
REPORTS = [
    Subcommand(
        "acl",
        "Awaiting care list by week: council and health cases, longest and average wait, average hours",
        _period_arguments,
        _acl,
    ),
    Subcommand(
        "bed-days",
        "Hospital discharge delays by month: packages delayed and bed days lost",
        _period_arguments,
        _bed_days,
    ),
]
