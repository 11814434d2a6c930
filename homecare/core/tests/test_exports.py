"""The shared export writer: formulas are inert, numbers stay numbers, unholdable characters go."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from homecare.core import exports


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _sheet(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return sheet


@pytest.mark.parametrize("text", ["=1+1", "+44 1905", "-Care Ltd", "@SUM(A1)", "\tx", "\rx", "-1+2"])
def test_write_csv_escapes_text_starting_with_a_formula_trigger(text):
    assert _csv_rows(exports.write_csv(["Name"], [[text]]))[1] == ["'" + text]


def test_write_csv_leaves_ordinary_text_alone():
    assert _csv_rows(exports.write_csv(["Name"], [["Alpha Care = best"]]))[1] == ["Alpha Care = best"]


def test_write_csv_keeps_negative_numbers_as_numbers():
    rows = _csv_rows(exports.write_csv(["Amount", "Text"], [[Decimal("-12.50"), "-3.25"]]))
    assert rows[1] == ["-12.50", "-3.25"]


def test_write_csv_strips_characters_a_spreadsheet_cannot_hold():
    assert _csv_rows(exports.write_csv(["Name"], [["Al\x00pha\x07 \ud800Care"]]))[1] == ["Alpha Care"]


def test_write_csv_writes_dates_and_empty_cells():
    rows = _csv_rows(exports.write_csv(["Day", "None"], [[dt.date(2026, 12, 4), None]]))
    assert rows[1] == ["2026-12-04", ""]


def test_write_xlsx_writes_a_formula_as_text_not_a_formula():
    cell = _sheet(exports.write_xlsx(["Name"], [['=HYPERLINK("http://x","y")']]))["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://x","y")', "s", True)


def test_write_xlsx_keeps_negative_numbers_as_numbers():
    sheet = _sheet(exports.write_xlsx(["Amount", "Count"], [[Decimal("-12.50"), -3]]))
    assert (sheet["A2"].value, sheet["A2"].data_type) == (-12.5, "n")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-3, "n")


def test_write_xlsx_keeps_numeric_references_as_text():
    cell = _sheet(exports.write_xlsx(["Ref"], [["000123"]]))["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("000123", "s", False)


def test_write_xlsx_strips_characters_xlsx_cannot_hold():
    cell = _sheet(exports.write_xlsx(["Name"], [["Al\x00pha\x0b \ud800Care\ufffe"]]))["A2"]
    assert cell.value == "Alpha Care"


def test_write_xlsx_cuts_text_to_the_cell_limit():
    cell = _sheet(exports.write_xlsx(["Notes"], [["x" * 40_000]]))["A2"]
    assert len(cell.value) == exports.XLSX_CELL_LIMIT


def test_download_names_the_attachment_and_its_type():
    response = exports.download("providers-2026-12-04", ["A"], [["1"]], fmt="csv")
    assert response["Content-Disposition"] == 'attachment; filename="providers-2026-12-04.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_download_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="Unknown export format 'pdf'"):
        exports.download("x", ["A"], [], fmt="pdf")


def test_no_module_but_the_shared_writer_writes_spreadsheets():
    """Every export, now and later, goes through homecare.core.exports."""
    from pathlib import Path

    root = Path(exports.__file__).resolve().parents[1]
    writers = ("csv.writer(", "csv.DictWriter(", "Workbook(", "xlsxwriter")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path != Path(exports.__file__).resolve()
        and any(w in path.read_text(encoding="utf-8") for w in writers)
    ]
    assert offenders == []
