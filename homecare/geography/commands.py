from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from homecare.core.actor import Actor
from homecare.core.council import get_council
from homecare.core.subcommands import Subcommand
from homecare.geography.importers import import_postcodes


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", type=Path, help="ONSPD CSV file (columns pcds, osward, oslaua, lat, long, ru11ind...)"
    )
    parser.add_argument("--ward-names", type=Path, help="ONS ward names CSV (columns like WD24CD, WD24NM)")
    parser.add_argument(
        "--all-areas",
        action="store_true",
        help="Keep postcodes of every local authority, not only the council's",
    )


def _run(options: dict[str, Any], by: Actor) -> str:
    path: Path = options["file"]
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    council = get_council()
    if not council.ons_code and not options["all_areas"]:
        raise CommandError(
            "The council's ONS code is not set (COUNCIL_ONS_CODE), so local postcodes cannot be told from others. "
            "Set it, or pass --all-areas."
        )
    result = import_postcodes(
        path,
        by=by,
        council_code=council.ons_code,
        all_areas=options["all_areas"],
        ward_names=options["ward_names"],
    )
    lines = [result.summary()]
    if result.new_ward_codes:
        lines.append(
            "New wards (put them into zones on the Zones page): " + ", ".join(result.new_ward_codes[:30])
        )
    return "\n".join(lines)


IMPORTS = [Subcommand("postcodes", "Import an ONS Postcode Directory (ONSPD) CSV", _arguments, _run)]
