from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from homecare.core.actor import Actor
from homecare.core.context import acting_as
from homecare.core.imports import MAX_LISTED_ERRORS as MAX_LISTED
from homecare.core.imports import ImportRejected, record_import
from homecare.providers.models import Provider
from homecare.visits.files import read_events
from homecare.visits.services.ingest import MAX_BATCH, ingest
from homecare.visits.services.matching import process_pending

# Package-days matched at a time after a file: the events of a chunk are held in memory together,
# so a large export (months of a council's events) is matched in bounded pieces.
MATCH_CHUNK = 2_000


class Command(BaseCommand):
    help = "Electronic call monitoring: ingest a provider's export file (CSV or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))
        ingest_parser = sub.add_parser(
            "ingest",
            help="Ingest check-in and check-out events from a file",
            description=(
                "Ingest a provider's call-monitoring export. CSV columns (or JSON fields) as in the API: "
                "event_id, carer_ref, package_ref or person_ref, visit_ref, event_type, timestamp, method, "
                "latitude, longitude, exception_code. The same rules as the API apply. By default any rejected "
                "event rejects the whole file and nothing is stored; --accept-valid stores the valid events."
            ),
            called_from_command_line=True,
        )
        ingest_parser.add_argument("file", type=Path)
        ingest_parser.add_argument(
            "--provider", required=True, help="The provider's council reference or CQC provider ID"
        )
        ingest_parser.add_argument(
            "--accept-valid", action="store_true", help="Store the valid events and list the rejected ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        provider = (
            Provider.objects.filter(council_ref=options["provider"]).first()
            or Provider.objects.filter(cqc_provider_id=options["provider"]).first()
        )
        if provider is None:
            raise CommandError(f"No provider with the reference {options['provider']}")
        try:
            events, first_line = read_events(path)
        except ImportRejected as exc:
            raise CommandError(
                "\n".join(["The file was not ingested:", *(f"  {e}" for e in exc.errors)]), returncode=2
            ) from exc
        actor = Actor.command(f"ecm-ingest:{path.name}")
        totals = {"accepted": 0, "duplicate": 0, "rejected": 0}
        problems: list[str] = []  # the first MAX_LISTED, as the file is read in batches
        stream = iter(events)
        with acting_as(actor), transaction.atomic():
            for start in itertools.count(0, MAX_BATCH):
                try:
                    chunk = list(itertools.islice(stream, MAX_BATCH))
                except ImportRejected as exc:  # the file stopped being readable part way
                    transaction.set_rollback(True)
                    raise CommandError(
                        "\n".join(
                            [
                                "The file was not ingested; nothing was stored:",
                                *(f"  {e}" for e in exc.errors),
                            ]
                        ),
                        returncode=2,
                    ) from exc
                if not chunk:
                    break
                result = ingest(
                    provider=provider,
                    events=chunk,
                    batch=actor.label[:64],
                    all_or_nothing=not options["accept_valid"],
                )
                for r in result.results:
                    totals[r.status] += 1
                    if r.status == "rejected" and r.field and len(problems) < MAX_LISTED:
                        problems.append(f"  Row {start + r.index + first_line}, {r.field}: {r.reason}")
                if problems and not options["accept_valid"]:
                    transaction.set_rollback(True)
                    raise CommandError(
                        "\n".join(["The file was not ingested; nothing was stored:", *problems]),
                        returncode=2,
                    )
            record_import(by=actor, kind="ecm_events", file_name=path.name, summary=totals)
        matched = process_pending(limit=MATCH_CHUNK)
        self.stdout.write(
            f"{totals['accepted']} events accepted, {totals['duplicate']} already received, {totals['rejected']} rejected; "
            f"{matched} package-days matched."
        )
        if problems:
            more = totals["rejected"] - len(problems)
            self.stdout.write(
                "Rejected:\n" + "\n".join(problems) + (f"\n  ... and {more} more" if more > 0 else "")
            )
