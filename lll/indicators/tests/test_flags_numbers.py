"""Official-statistics rules on input: flags from a closed list, numbers that read two ways."""

import pytest

from lll.core.numbers import AmbiguousNumber, InvalidValue, decimal_comma, parse_number
from lll.indicators.models import Indicator
from lll.indicators.services.imports import CheckResult, SourceRecord, iter_checked, units_by_code
from lll.indicators.services.values import Flags, read_flags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", Flags()),
        ("p", Flags(provisional=True)),
        ("pe", Flags(provisional=True, estimated=True)),
        ("p e", Flags(provisional=True, estimated=True)),
        ("P, E", Flags(provisional=True, estimated=True)),
        ("bu", Flags(other="bu")),
        ("ub", Flags(other="bu")),
        ("c", Flags(confidential=True)),
        ("dane wstępne", Flags(provisional=True)),
        ("Dane wstepne", Flags(provisional=True)),
        ("szacunek; przerwa w szeregu", Flags(estimated=True, other="b")),
        ("dane poufne", Flags(confidential=True)),
        ("tajemnica statystyczna", Flags(confidential=True)),
        ("break in series", Flags(other="b")),
    ],
)
def test_flags_are_read_from_a_closed_list_of_codes_and_words(raw, expected):
    assert read_flags(raw) == expected


@pytest.mark.parametrize("raw", ["danwstęn", "x", "pq", "wstępne dane?", "123"])
def test_an_unknown_flag_is_refused_naming_the_allowed_codes(raw):
    with pytest.raises(InvalidValue) as error:
        read_flags(raw)
    assert "nie jest flagą" in str(error.value)
    assert "p (dane wstępne)" in str(error.value) and "b (przerwa w szeregu)" in str(error.value)


def test_dane_wstepne_is_provisional_only_and_leaves_no_letters(monitoring):
    """It used to become provisional + estimated, with "danwstęn" kept as source flags."""
    indicator = Indicator.objects.get(code="lm-unemployed")
    result = CheckResult()
    rows = list(
        iter_checked(
            [
                SourceRecord(2, "2061", "2022", "5000", "dane wstępne"),
                SourceRecord(3, "2062", "2022", "900", "coś innego"),
            ],
            indicator,
            units_by_code(),
            result,
            {"flags": "Flagi"},
        )
    )
    assert [row[4:8] for row in rows] == [(True, False, False, "")]
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "Flagi", "coś innego")
    assert "nie jest flagą" in problem.reason


@pytest.mark.parametrize(
    ("raw", "readings"),
    [("1,234.5", ("1234,5", "1,2345")), ("-2,500.75", ("-2500,75", "-2,50075"))],
)
def test_english_grouping_is_refused_with_both_readings(raw, readings):
    with pytest.raises(AmbiguousNumber) as error:
        parse_number(raw)
    message = str(error.value)
    assert raw in message and readings[0] in message and readings[1] in message


def test_a_dot_group_in_a_decimal_comma_column_is_ambiguous():
    assert decimal_comma(["12,5", "1.234", "7"]) is True
    with pytest.raises(AmbiguousNumber) as error:
        parse_number("1.234", decimal_comma=True)
    assert "1234" in str(error.value) and "1,234" in str(error.value)
    # In a column with decimal points, or alone, "1.234" is one and a quarter-ish: 1.234.
    assert decimal_comma(["12.5", "1.234"]) is False
    assert parse_number("1.234", decimal_comma=False) == 1.234
    assert parse_number("1.234") == 1.234
    # A comma group among decimal points is ambiguous the other way round.
    with pytest.raises(AmbiguousNumber):
        parse_number("1,234", decimal_comma=False)
    # Unmistakable forms stay as they were.
    assert parse_number("1.234,5", decimal_comma=True) == 1234.5
    assert parse_number("1 234", decimal_comma=True) == 1234


def test_a_file_with_an_ambiguous_number_rejects_that_row_with_both_readings(monitoring):
    indicator = Indicator.objects.get(code="lm-unemployed")
    records = [
        SourceRecord(2, "2061", "2022", "5 012,0"),
        SourceRecord(3, "2062", "2022", "1.234"),
        SourceRecord(4, "2063", "2022", "1,234.5"),
    ]
    column = decimal_comma(r.value for r in records)
    result = CheckResult()
    rows = list(
        iter_checked(records, indicator, units_by_code(), result, {"value": "Liczba"}, column)
    )
    assert [row[3] for row in rows] == [5012.0]
    assert [(p.row, p.column) for p in result.problems] == [(3, "Liczba"), (4, "Liczba")]
    assert "1234" in result.problems[0].reason and "1,234" in result.problems[0].reason
