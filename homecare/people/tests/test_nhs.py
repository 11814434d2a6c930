import pytest
from django.core.exceptions import ValidationError

from homecare.people.nhs import check_digit, format_nhs_number, normalise_nhs_number


def test_nhs_number_valid_with_spaces_normalised():
    assert normalise_nhs_number("943 476 5919") == "9434765919"


def test_nhs_number_wrong_check_digit_rejected():
    with pytest.raises(ValidationError, match="check digit"):
        normalise_nhs_number("9434765918")


def test_check_digit_of_known_number():
    assert check_digit("943476591") == 9


def test_nhs_number_remainder_ten_is_never_valid():
    digits = next(f"{n:09d}" for n in range(1000) if check_digit(f"{n:09d}") is None)
    for last in "0123456789":
        with pytest.raises(ValidationError):
            normalise_nhs_number(digits + last)


def test_nhs_number_wrong_length_rejected():
    with pytest.raises(ValidationError, match="10 digits"):
        normalise_nhs_number("94347659")


def test_nhs_number_formatted_in_groups():
    assert format_nhs_number("9434765919") == "943 476 5919"
