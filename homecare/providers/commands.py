from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from homecare.core.actor import Actor
from homecare.core.council import get_council
from homecare.core.subcommands import Subcommand
from homecare.providers.importers import import_cqc_ratings


def _cqc_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        type=Path,
        help="CQC 'Latest ratings' file, CSV or XLSX (columns Location ID, Domain or Key Question, "
        "Latest Rating, Publication Date, Provider ID...)",
    )
    parser.add_argument(
        "--all-areas",
        action="store_true",
        help="Keep locations of every local authority, not only the council's",
    )


def _cqc_run(options: dict[str, Any], by: Actor) -> str:
    """Run by the command runner as `Actor.command("import-cqc-ratings")` (audit label
    "cli:import-cqc-ratings"), inside `acting_as` that actor."""
    path: Path = options["file"]
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    council = get_council()
    if not (council.name or council.ons_code) and not options["all_areas"]:
        raise CommandError(
            "The council's name and ONS code are not set (COUNCIL_NAME, COUNCIL_ONS_CODE), so local "
            "locations cannot be told from others. Set them, or pass --all-areas."
        )
    result = import_cqc_ratings(
        path,
        by=by,
        council_name=council.name,
        council_code=council.ons_code,
        all_areas=options["all_areas"],
        file_name=path.name,
    )
    lines = [result.summary()]
    if result.created_provider_ids:
        lines.append(
            "New providers created from the file (check their details): "
            + ", ".join(result.created_provider_ids[:30])
        )
    return "\n".join(lines)


IMPORTS = [
    Subcommand(
        "cqc-ratings",
        "Import CQC's 'Latest ratings' file (CSV or XLSX) for the council's locations",
        _cqc_arguments,
        _cqc_run,
    )
]
