"""Reading import files: encodings, binary files, size limit and the text rule on every cell (issue 14)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from homecare.core.imports import ImportRejected, cell, csv_rows, find_header, open_text


def rows_of(data: bytes):
    return list(csv_rows(open_text(io.BytesIO(data))))


def test_open_text_reads_utf8_with_a_byte_order_mark():
    assert rows_of("\ufeffname\nZoë\n".encode()) == [["name"], ["Zoë"]]


def test_open_text_reads_windows_1252():
    assert rows_of("name\nZoë £5\n".encode("cp1252")) == [["name"], ["Zoë £5"]]


def test_open_text_reads_utf16_with_a_byte_order_mark():
    assert rows_of("name\nZoë\n".encode("utf-16")) == [["name"], ["Zoë"]]


def test_open_text_reads_an_uploaded_file():
    upload = SimpleUploadedFile("x.csv", "name\nZoë\n".encode())
    assert list(csv_rows(open_text(upload))) == [["name"], ["Zoë"]]


def test_open_text_refuses_a_binary_file_naming_the_line():
    with pytest.raises(ImportRejected, match=r"not a text file: it holds a NUL byte \(line 2\)"):
        open_text(io.BytesIO(b"name\nab\x00c\n"))


def test_open_text_refuses_bytes_in_no_known_encoding():
    with pytest.raises(ImportRejected, match=r"not text in a known encoding.*byte 0x81 on line 3"):
        open_text(io.BytesIO(b"name\nok\n\xff\x81\n"))


def test_open_text_refuses_a_spreadsheet_saved_as_csv():
    with pytest.raises(ImportRejected, match="spreadsheet or zip file"):
        open_text(io.BytesIO(b"PK\x03\x04rest"))


def test_open_text_refuses_a_file_over_the_limit(tmp_path, settings):
    settings.UPLOAD_MAX_MB = 0.001
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 1000)
    with pytest.raises(ImportRejected, match=r"limit is 0.001 MB \(setting UPLOAD_MAX_MB\)"):
        open_text(path)


def test_open_text_decodes_as_it_reads(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a\n" * 100_000)
    handle = open_text(path)
    assert isinstance(handle, io.TextIOWrapper)  # a stream over the file, not a copy of it


def test_csv_rows_refuse_a_control_character_naming_row_and_column():
    data = b"person_ref,postcode\nP1,AB1 2CD\nP\x072,AB1 2CD\n"
    rows = csv_rows(open_text(io.BytesIO(data)))
    find_header(rows, ["person_ref"])
    with pytest.raises(ImportRejected) as caught:
        list(rows)
    assert [str(e) for e in caught.value.errors] == [
        "Row 3, column person_ref: contains the control character U+0007 at position 2"
    ]


def test_csv_rows_report_every_bad_cell_in_the_file():
    data = b"a,b\n\x01,ok\nok,\x02\n"
    with pytest.raises(ImportRejected) as caught:
        rows_of(data)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "column 1"), (3, "column 2")]


def test_csv_rows_refuse_a_cell_over_the_csv_field_limit_with_a_message():
    data = b"a\n" + b'"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(ImportRejected, match="not a valid CSV file"):
        rows_of(data)


def test_cell_refuses_a_line_break_inside_a_reference():
    row = rows_of(b'person_ref\n"P1\nP2"\n')[1]
    with pytest.raises(ImportRejected, match="Row 2, column person_ref: contains a line break"):
        cell(row, {"person_ref": 0}, "person_ref")


def test_cell_trims_surrounding_spaces():
    assert cell(["  P1 "], {"person_ref": 0}, "person_ref") == "P1"
