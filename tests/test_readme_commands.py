"""The README's table of commands shows each import and report with the options it requires."""

import argparse
import re
from pathlib import Path

import pytest

from homecare.core.subcommands import discover

README = Path(__file__).resolve().parent.parent / "README.md"
SUBCOMMANDS = [
    (word, sub) for kind, word in (("IMPORTS", "import"), ("REPORTS", "report")) for sub in discover(kind)
]


def _readme_row(word: str, name: str) -> str:
    rows = re.findall(
        rf"^\| `homecare {word} {re.escape(name)}(?: [^`]*)?` \|.*$", README.read_text(), re.MULTILINE
    )
    assert len(rows) == 1, f"README: expected one row for `homecare {word} {name}`, found {len(rows)}"
    return rows[0]


def _required_options(sub) -> list[str]:
    parser = argparse.ArgumentParser()
    sub.add_arguments(parser)
    return [a.option_strings[0] for a in parser._actions if a.required and a.option_strings]


@pytest.mark.parametrize(("word", "sub"), SUBCOMMANDS, ids=[f"{w} {s.name}" for w, s in SUBCOMMANDS])
def test_readme_row_shows_every_required_option(word, sub):
    row = _readme_row(word, sub.name)
    missing = [option for option in _required_options(sub) if f"{option} " not in row]
    assert missing == [], f"README row for `homecare {word} {sub.name}` lacks {missing}"


def test_readme_check_finds_required_options():
    assert ("report", "bed-days") in [(w, s.name) for w, s in SUBCOMMANDS]
    assert _required_options(next(s for w, s in SUBCOMMANDS if s.name == "bed-days")) == ["--from", "--to"]
