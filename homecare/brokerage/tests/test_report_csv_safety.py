"""The report commands' CSV goes through the shared export writer (issue 14)."""

from homecare.brokerage.reports import render


def test_render_csv_escapes_a_formula():
    assert render(["a"], [["=1+1"]], "csv") == "a\n'=1+1"


def test_render_csv_keeps_a_negative_number():
    assert render(["a"], [["-2.50"]], "csv") == "a\n-2.50"
