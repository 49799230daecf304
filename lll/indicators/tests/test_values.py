import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lll.indicators.services.values import InvalidValue, parse_flags, parse_number, parse_period


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", 12.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("7.2", 7.2),
        (3, 3.0),
        (4.25, 4.25),
        ("-0,5", -0.5),
    ],
)
def test_polish_and_plain_numbers(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "abc", "12,5%", "nan", "inf", True])
def test_not_a_number_is_refused_in_polish(raw):
    with pytest.raises(InvalidValue):
        parse_number(raw)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2)))
def test_a_number_written_the_polish_way_reads_back(value):
    polish = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    assert parse_number(polish) == pytest.approx(value)


@pytest.mark.parametrize(
    ("raw", "periodicity", "expected"),
    [
        ("2023", "year", "2023"),
        (2023, "year", "2023"),
        (2023.0, "year", "2023"),
        (datetime.datetime(2023, 5, 17), "year", "2023"),
        (datetime.datetime(2023, 5, 17), "month", "2023-05"),
        (datetime.date(2023, 11, 1), "quarter", "2023-Q4"),
        ("2023/24", "school_year", "2023/24"),
        ("2023/2024", "school_year", "2023/24"),
        ("2023-q2", "quarter", "2023-Q2"),
    ],
)
def test_periods(raw, periodicity, expected):
    assert parse_period(raw, periodicity) == expected


@pytest.mark.parametrize(
    ("raw", "periodicity", "message"),
    [
        ("1850", "year", "poza zakresem"),
        ("2023/25", "school_year", "dwa kolejne lata"),
        ("2023", "school_year", "nie jest okresem"),
        ("rok 2023", "year", "nie jest okresem"),
    ],
)
def test_bad_periods_say_why(raw, periodicity, message):
    with pytest.raises(InvalidValue, match=message):
        parse_period(raw, periodicity)


def test_flags():
    assert parse_flags("p") == {"provisional": True, "estimated": False, "confidential": False}
    assert parse_flags("bu") == {"provisional": False, "estimated": False, "confidential": False}
    assert parse_flags(None)["confidential"] is False
