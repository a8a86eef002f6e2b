"""UK identifiers are found in running text, and look-alikes that fail their checks are not."""

from __future__ import annotations

import pytest

from coding.nlp.identifiers import (
    DATE,
    EMAIL,
    NHS_NUMBER,
    NI_NUMBER,
    PHONE,
    POSTCODE,
    find_identifiers,
    looks_like_date,
    nhs_number_valid,
    ni_number_valid,
)


def found(text: str) -> list[tuple[str, str]]:
    return [(text[i.start : i.end], i.label) for i in find_identifiers(text)]


def check_digit(first_nine: str) -> int | None:
    """The NHS modulus-11 check digit, worked out here independently; None when there is none
    (a remainder giving 10 means no number starts with these nine digits)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    digit = (11 - total % 11) % 11
    return None if digit == 10 else digit


def valid_nhs(first_nine: str) -> str:
    digit = check_digit(first_nine)
    assert digit is not None
    return first_nine + str(digit)


@pytest.mark.parametrize("first_nine", ["943476591", "401023213", "123456788", "999999999"])
def test_an_nhs_number_with_its_check_digit_is_found_written_three_ways(first_nine: str) -> None:
    number = valid_nhs(first_nine)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    hyphenated = spaced.replace(" ", "-")
    for written in (number, spaced, hyphenated):
        assert found(f"My NHS number is {written}.") == [(written, NHS_NUMBER)]


def test_an_nhs_number_with_a_wrong_check_digit_is_not_flagged() -> None:
    number = valid_nhs("943476591")
    wrong = number[:9] + str((int(number[9]) + 1) % 10)
    assert not nhs_number_valid(wrong)
    assert found(f"Reference {wrong[:3]} {wrong[3:6]} {wrong[6:]} on the letter.") == []


def test_nine_digits_whose_check_digit_would_be_ten_never_make_an_nhs_number() -> None:
    first_nine = next(
        f"{n:09d}" for n in range(100000000, 100001000) if check_digit(f"{n:09d}") is None
    )
    assert not any(nhs_number_valid(first_nine + str(d)) for d in range(10))


def test_a_longer_run_of_digits_or_mixed_separators_is_not_an_nhs_number() -> None:
    number = valid_nhs("943476591")
    assert found(f"Order 1{number} shipped") == []
    assert found(f"Ref {number[:3]} {number[3:6]}-{number[6:]} done") == []


@pytest.mark.parametrize(
    "postcode",
    [
        "SW1A 1AA",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "EC1A 1BB",
        "W1A 0AX",
        "ls1 4ap",
        "LS14AP",
    ],
)
def test_uk_postcodes_are_found(postcode: str) -> None:
    assert found(f"We live near {postcode}, by the park.") == [(postcode, POSTCODE)]


@pytest.mark.parametrize("text", ["QA1 1AA", "SW1A 1CA", "AB12 34CD", "M1 1A"])
def test_strings_shaped_almost_like_postcodes_are_not(text: str) -> None:
    assert found(f"Code {text} here") == []


@pytest.mark.parametrize(
    "phone",
    [
        "0113 496 0123",
        "020 7946 0018",
        "07700 900123",
        "07700900123",
        "+44 7700 900 123",
        "+44 (0)20 7946 0018",
        "(0113) 496 0123",
        "01632 960001",
        "0800 123 456",
        "0300-123-4567",
    ],
)
def test_uk_landline_mobile_and_international_numbers_are_found(phone: str) -> None:
    assert found(f"Ring me on {phone} after six.") == [(phone, PHONE)]


@pytest.mark.parametrize("text", ["0113 496", "12345 678901", "0113 496 01234", "2021 2022"])
def test_short_long_or_non_uk_numbers_are_not_phone_numbers(text: str) -> None:
    assert [label for _, label in found(f"Ref {text} ok")] == []


def test_email_addresses_are_found_and_half_addresses_are_not() -> None:
    assert found("Email jane.smith+ward7@nhs.net today.") == [("jane.smith+ward7@nhs.net", EMAIL)]
    assert found("Email jane@ or jane@nhs please") == []


@pytest.mark.parametrize("number", ["AB 12 34 56 C", "JG103759A", "AB123456"])
def test_national_insurance_numbers_with_issued_prefixes_are_found(number: str) -> None:
    assert found(f"NI number {number} on file") == [(number, NI_NUMBER)]


@pytest.mark.parametrize("prefix", ["QQ", "GB", "BG", "NK", "TN", "ZZ", "DA", "AO", "FA", "AV"])
def test_national_insurance_prefixes_hmrc_never_issues_are_not_flagged(prefix: str) -> None:
    assert not ni_number_valid(prefix)
    assert found(f"NI number {prefix} 12 34 56 C on file") == []


@pytest.mark.parametrize(
    "date",
    [
        "3rd March 2021",
        "3 March 2021",
        "3rd of March 2021",
        "March 3rd, 2021",
        "March 2021",
        "3rd March",
        "Tuesday 3rd March 2021",
        "Mar 2021",
        "03/03/2021",
        "3.3.21",
        "2021-03-03",
        "29/02/2020",
        "12/31/2021",
    ],
)
def test_numeric_and_written_dates_are_found(date: str) -> None:
    assert found(f"We met on {date} at the ward.") == [(date, DATE)]


@pytest.mark.parametrize(
    "text",
    [
        "in 2019",
        "in March",
        "it may 2021",
        "31/02/2021",
        "13/13/2020",
        "29/02/2021",
        "last week",
        "3 Marshes",
    ],
)
def test_years_months_alone_and_impossible_dates_are_not_flagged(text: str) -> None:
    assert found(f"It was {text} I think.") == []


def test_a_trained_pipelines_date_is_kept_only_when_it_could_identify_a_day() -> None:
    assert looks_like_date("the 3rd of March")
    assert looks_like_date("March the third, 2021")
    assert not looks_like_date("last week")
    assert not looks_like_date("2019")
    assert not looks_like_date("two years")


def test_every_kind_is_found_together_in_one_passage() -> None:
    number = valid_nhs("401023213")
    text = (
        f"P01: I'm at LS1 4AP, NHS number {number}, NI AB123456C, phone 0113 496 0123, "
        "email me@example.org, since 3rd March 2021.\n"
    )
    labels = sorted(label for _, label in found(text))
    assert labels == sorted([POSTCODE, NHS_NUMBER, NI_NUMBER, PHONE, EMAIL, DATE])
