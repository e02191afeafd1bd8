"""The number and unit normaliser: examples from real documents plus properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli.errors import NumberFormatError
from begroting_cli.normalise.numbers import Status, format_dutch, parse_cell, parse_number
from begroting_cli.normalise.units import find_unit


@pytest.mark.parametrize(("raw", "value", "percent"), [
    ("1.020", Decimal("1020"), False),
    ("8,7%", Decimal("8.7"), True),
    ("7,00", Decimal("7.00"), False),
    ("7.8", Decimal("7.8"), False),
    ("-20.641", Decimal("-20641"), False),
    ("–12", Decimal("-12"), False),
    ("−12", Decimal("-12"), False),
    ("(1.234)", Decimal("-1234"), False),
    ("4.977-", Decimal("-4977"), False),
    ("- 19.796", Decimal("-19796"), False),
    ("-/- 22%", Decimal("-22"), True),
    ("12.345.678", Decimal("12345678"), False),
    ("€ 46.237", Decimal("46237"), False),
    ("0,3", Decimal("0.3"), False),
])
def test_dutch_numbers(raw: str, value: Decimal, percent: bool) -> None:
    cv = parse_cell(raw)
    assert cv.value == value
    assert cv.percent is percent
    assert cv.status is Status.OK


def test_marker_and_note_are_kept_apart_from_the_value() -> None:
    assert parse_cell("N 31.393").marker == "N"
    assert parse_cell("N 31.393").value == 31393
    cv = parse_cell("8.1 (peildatum juni 2017)")
    assert (cv.value, cv.note) == (Decimal("8.1"), "(peildatum juni 2017)")
    assert parse_cell("3,7 (3)").value == Decimal("3.7")


@pytest.mark.parametrize(("raw", "status"), [
    ("n.v.t.", Status.NOT_APPLICABLE), ("nvt", Status.NOT_APPLICABLE), ("Nvt", Status.NOT_APPLICABLE),
    ("niet bekend", Status.UNKNOWN), ("Nog niet bekend", Status.UNKNOWN), ("n.n.b.", Status.UNKNOWN),
    ("", Status.EMPTY), ("\u00a0", Status.EMPTY), ("-", Status.EMPTY),
])
def test_states_are_never_zero(raw: str, status: Status) -> None:
    cv = parse_cell(raw)
    assert cv.status is status
    assert cv.value is None


def test_text_is_not_a_number() -> None:
    with pytest.raises(NumberFormatError):
        parse_cell("Programma 3")


@pytest.mark.parametrize(("text", "multiplier"), [
    ("bedragen x €1.000", 1000), ("x € 1.000,-", 1000), ("(x € 1.000)", 1000), ("x €1 mln", 1_000_000),
    ("in duizenden euro", 1000), ("Lasten (in duizenden euro's)", 1000), ("Programma (in € 1.000)", 1000),
    ("Bedragen x € 1.000", 1000), ("(bedragen x € 1.000) 2020 2021", 1000), ("x € 1 miljoen", 1_000_000),
])
def test_units(text: str, multiplier: int) -> None:
    unit = find_unit(text)
    assert unit is not None and unit.multiplier == multiplier


def test_no_unit_in_ordinary_text() -> None:
    assert find_unit("In 2019 voerden we 3 activiteiten uit") is None


amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_dutch_formatted_decimal_parses_back_to_itself(value: Decimal) -> None:
    assert parse_number(format_dutch(value)).value == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_integers_with_thousand_groups_round_trip(value: int) -> None:
    text = format_dutch(Decimal(value))
    assert parse_cell(text).value == value
    trailing = format_dutch(Decimal(abs(value))) + "-"
    assert parse_cell(trailing).value == -abs(value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_normalising_twice_equals_once(text: str) -> None:
    try:
        first = parse_cell(text)
    except NumberFormatError:
        return
    if first.value is None:
        return
    again = parse_cell(format_dutch(first.value) + ("%" if first.percent else ""))
    assert again.value == first.value
