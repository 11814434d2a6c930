"""The one text rule (homecare.core.text) and the form rules built on it (issue 14)."""

import datetime as dt

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from pydantic import TypeAdapter, ValidationError

from homecare.core.forms import GovukForm
from homecare.core.text import BadText, Count, Ref, SaneDate, Text, check_text, text_problem


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("C\x001", "contains a NUL character at position 2"),
        ("C\ud8001", "contains an unpaired surrogate U+D800 at position 2"),
        ("C\x1b1", "contains the control character U+001B at position 2"),
        ("C\x851", "contains the control character U+0085 at position 2"),
        ("C\uffff", "contains the Unicode non-character U+FFFF at position 2"),
        ("C\t1", "contains a line break or tab at position 2"),
    ],
)
def test_text_problem_names_the_bad_character(value, reason):
    assert reason in text_problem(value)


def test_text_problem_refuses_an_over_long_value():
    assert text_problem("x" * 11, max_length=10) == "is longer than 10 characters (it has 11)"


def test_text_problem_allows_line_breaks_in_multi_line_text():
    assert text_problem("Line one\r\nLine two\tend", multiline=True) is None


def test_text_problem_accepts_ordinary_text():
    assert text_problem("Zoë O'Brien-Smith — 12 Ash Road, Łódź") is None


def test_check_text_trims_surrounding_spaces_only():
    assert check_text("  C1 \n") == "C1"


def test_check_text_refuses_a_control_character_it_would_otherwise_trim():
    # str.strip() removes U+001F at the end; a reference must not be changed that way.
    with pytest.raises(BadText, match="control character U\\+001F"):
        check_text("C1\x1f")


def test_api_text_type_refuses_a_nul():
    with pytest.raises(ValidationError, match="NUL character"):
        TypeAdapter(Text).validate_python("a\x00b")


def test_api_ref_type_keeps_the_value_unchanged():
    assert TypeAdapter(Ref).validate_python(" v12 ") == " v12 "


def test_api_count_type_refuses_a_40_digit_number():
    with pytest.raises(ValidationError, match="less than or equal to 1000000"):
        TypeAdapter(Count).validate_python(10**40)


def test_api_date_type_refuses_a_date_after_2100():
    with pytest.raises(ValidationError, match="must be between 01 January 1900 and 31 December 2100"):
        TypeAdapter(SaneDate).validate_python("9999-12-31")


class SampleForm(GovukForm):
    name = forms.CharField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    started_on = forms.DateField(required=False)
    people = forms.IntegerField(required=False)
    file = forms.FileField(required=False)


def test_form_text_field_refuses_a_control_character():
    form = SampleForm({"name": "Ann\x07"})
    assert form.errors["name"] == ["The text contains the control character U+0007 at position 4"]


def test_form_text_field_refuses_an_unpaired_surrogate():
    form = SampleForm({"name": "Ann\ud800"})
    assert "unpaired surrogate" in form.errors["name"][0]


def test_form_single_line_field_refuses_a_line_break():
    form = SampleForm({"name": "Ann\nBee"})
    assert "single line" in form.errors["name"][0]


def test_form_textarea_accepts_line_breaks():
    form = SampleForm({"notes": "Line one\r\nLine two"})
    assert form.is_valid(), form.errors


def test_form_date_field_refuses_year_9999():
    form = SampleForm({"started_on": "9999-01-01"})
    assert form.errors["started_on"] == ["The date must be between 01 January 1900 and 31 December 2100"]


def test_form_date_field_accepts_a_sane_date():
    form = SampleForm({"started_on": dt.date(2026, 11, 2).isoformat()})
    assert form.is_valid(), form.errors


def test_form_integer_field_refuses_a_40_digit_number():
    form = SampleForm({"people": "9" * 40})
    assert "less than or equal to 2147483647" in form.errors["people"][0]


def test_form_file_field_refuses_a_file_over_the_limit(settings):
    settings.UPLOAD_MAX_MB = 0.001
    form = SampleForm({}, {"file": SimpleUploadedFile("x.csv", b"x" * 2000)})
    assert form.errors["file"] == ["The file is 0.0 MB; it must be smaller than 0.001 MB"]
