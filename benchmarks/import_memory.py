"""Peak memory of importing a large file: a generated call-monitoring export (CSV) through
`homecare ecm ingest`, and the same size of file through the shared CSV reader of every other import
(`homecare.core.imports`: size limit, encoding, text rule on every cell).

    .venv/bin/python benchmarks/import_memory.py [--mb 50] [--what ecm|rows|all]

Each measurement runs in a fresh process and reports its peak resident memory (ru_maxrss, what
`/usr/bin/time -v` calls "Maximum resident set size") and the part added by the import over the
process's baseline after Django has started. The upload limit (UPLOAD_MAX_MB) is raised above the
file's size for the run. DATABASE_URL selects the database (default: a SQLite file of its own under
/tmp for each run, migrated, with one provider and 400 people in its care, removed afterwards). Target (issue 14): a 50 MB file imports or is
refused within 300 MB."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{tempfile.gettempdir()}/homecare_import_memory_{os.getpid()}.sqlite3"


def rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecare.config.settings")
    import django

    django.setup()


PACKAGES = 400  # people in care with the provider
EVENTS_A_DAY = 6  # per person: three visits, each a check-in and a check-out


def _world() -> tuple[str, list[str]]:
    """Migrate and make one provider with PACKAGES packages in care; its reference and theirs."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from homecare.brokerage.factories import make_package
    from homecare.brokerage.models import Package, PackageStatus
    from homecare.providers.factories import ProviderFactory
    from homecare.visits.factories import package_in_care

    provider = ProviderFactory(council_ref="BENCH1")
    started = dt.date.today() - dt.timedelta(days=3)
    first = package_in_care(provider=provider, started_on=started, days=2)
    others = [make_package().pk for _ in range(PACKAGES - 1)]
    Package.objects.filter(pk__in=others).update(
        status=PackageStatus.ACTIVE, provider=provider, placed_on=started, started_on=started
    )
    refs = [first.reference, *(p.reference for p in Package.objects.filter(pk__in=others))]
    return str(provider.council_ref), refs


def _events_file(path: Path, mb: float, package_refs: list[str]) -> int:
    """Write a CSV export of about `mb` megabytes, as a provider's system would: EVENTS_A_DAY
    events a day for each person, going back day by day; returns the number of events."""
    today = dt.datetime.now(dt.UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    run = int(time.time())
    size, n = 0, 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        header = "event_id,carer_ref,package_ref,event_type,timestamp,method\n"
        handle.write(header)
        size += len(header)
        while size < mb * 1024 * 1024:
            person, k = n % len(package_refs), n // len(package_refs)
            day, slot = divmod(k, EVENTS_A_DAY)
            moment = (
                today - dt.timedelta(days=day + 1) + dt.timedelta(minutes=150 * (slot // 2) + 30 * (slot % 2))
            )
            kind = "check_in" if slot % 2 == 0 else "check_out"
            line = f"R{run}-{n},C{person % 50},{package_refs[person]},{kind},{moment.isoformat()},app\n"
            handle.write(line)
            size += len(line)
            n += 1
    return n


def _rows_file(path: Path, mb: float) -> int:
    """Write a CSV of about `mb` megabytes with text columns (names, addresses, postcodes)."""
    size, n = 0, 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        header = "person_ref,name,address,postcode,notes\n"
        handle.write(header)
        size += len(header)
        while size < mb * 1024 * 1024:
            line = f'P{n:08d},Zoë Example {n},"{n} Ash Road, Worcester",WR1 {n % 9}AB,"Line one\nLine two"\n'
            handle.write(line)
            size += len(line)
            n += 1
    return n


def measure_ecm(mb: float) -> dict[str, object]:
    _setup()
    provider_ref, package_refs = _world()
    from django.conf import settings
    from django.core.management import call_command

    settings.UPLOAD_MAX_MB = mb * 2
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        events = _events_file(path, mb, package_refs)
        baseline = rss_mb()
        started = time.perf_counter()
        call_command(
            "ecm",
            "ingest",
            str(path),
            "--provider",
            provider_ref,
            "--accept-valid",
            stdout=io.StringIO(),
        )
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    database = os.environ["DATABASE_URL"]
    if database == DEFAULT_URL:
        for suffix in ("", "-wal", "-shm"):
            Path(database.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    return {
        "what": "ecm ingest (CSV, --accept-valid)",
        "file_mb": round(size / 1024 / 1024, 1),
        "events": events,
        "seconds": round(seconds, 1),
        "baseline_mb": round(baseline),
        "peak_mb": round(rss_mb()),
    }


def measure_rows(mb: float) -> dict[str, object]:
    _setup()
    from django.conf import settings

    from homecare.core.imports import cell, csv_rows, find_header, open_text, require_columns

    settings.UPLOAD_MAX_MB = mb * 2
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.csv"
        count = _rows_file(path, mb)
        baseline = rss_mb()
        started = time.perf_counter()
        rows = csv_rows(open_text(path))
        _, header = find_header(rows, ["person_ref"])
        index = require_columns(header, ["person_ref", "postcode"])
        refs = 0
        for row in rows:
            refs += bool(cell(row, index, "person_ref")) and bool(cell(row, index, "postcode"))
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    assert refs == count
    return {
        "what": "core CSV reader (open_text + csv_rows + cell), every cell checked",
        "file_mb": round(size / 1024 / 1024, 1),
        "rows": count,
        "seconds": round(seconds, 1),
        "baseline_mb": round(baseline),
        "peak_mb": round(rss_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--what", choices=["ecm", "rows", "all"], default="all")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = measure_ecm(args.mb) if args.what == "ecm" else measure_rows(args.mb)
        print(json.dumps(result))
        return
    for what in ["rows", "ecm"] if args.what == "all" else [args.what]:
        out = subprocess.run(  # noqa: S603 - this script, in a fresh process
            [sys.executable, __file__, "--child", "--what", what, "--mb", str(args.mb)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["added_by_import_mb"] = result["peak_mb"] - result["baseline_mb"]
        print(json.dumps(result))


if __name__ == "__main__":
    main()
