"""The diff on generated documents with known perturbations: properties that hold for any document."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from begroting_cli import diff
from begroting_cli.diffing.labels import label, similarity
from begroting_cli.diffing.threshold import Threshold
from begroting_cli.errors import UsageError
from begroting_cli.models import FinancialRow, ItemList

from begroting_cli.models import Scenario

from .diffgen import document, documents, first_table, table, value, with_table

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents())
def test_a_document_against_itself_differs_in_nothing(doc) -> None:
    result = diff(doc, doc)
    assert not result.differs
    c = result.counts
    assert (c.figures_changed, c.rows_renamed, c.rows_added, c.rows_removed, c.tables_added, c.tables_removed) == (
        0, 0, 0, 0, 0, 0)
    assert c.tables_matched == len(result.tables) and c.lists_matched == len(result.lists)
    assert all(p.status == "matched" and p.transition == "same" for t in result.tables for p in t.columns)


@FAST
@given(documents(), st.data())
def test_a_changed_figure_is_reported_exactly(doc, data) -> None:
    t = first_table(doc)
    r = data.draw(st.integers(0, len(t.rows) - 1))
    k = data.draw(st.integers(0, len(t.columns) - 1))
    old_value = t.rows[r].values[k]
    assert old_value.value is not None
    new_amount = data.draw(st.integers(-90_000, 90_000).filter(lambda a: Decimal(a) * 1000 != old_value.value))
    values = list(t.rows[r].values)
    values[k] = value(new_amount, old_value.provenance.line)
    rows = list(t.rows)
    rows[r] = t.rows[r].model_copy(update={"values": values})
    changed = with_table(doc, t, t.model_copy(update={"rows": rows}))

    result = diff(doc, changed)
    assert result.differs
    changes = [c for tab in result.tables for c in tab.changes]
    assert len(changes) == 1
    c = changes[0]
    assert (c.row, c.year, c.kind) == (t.rows[r].label, t.columns[k].year, "restated")
    assert (c.old.value, c.new.value, c.delta) == (old_value.value, Decimal(new_amount) * 1000,
                                                   Decimal(new_amount) * 1000 - old_value.value)
    assert result.counts.rows_renamed == result.counts.rows_added == result.counts.rows_removed == 0


@FAST
@given(documents(), st.data())
def test_a_removed_row_is_removed_one_way_and_added_the_other(doc, data) -> None:
    t = first_table(doc)
    assume(len(t.rows) >= 3)
    r = data.draw(st.integers(0, len(t.rows) - 1))
    shorter = with_table(doc, t, t.model_copy(update={"rows": [x for i, x in enumerate(t.rows) if i != r]}))
    forward, backward = diff(doc, shorter), diff(shorter, doc)
    assert [(x.status, x.old_row) for tab in forward.tables for x in tab.rows] == [("removed", t.rows[r].label)]
    assert [(x.status, x.new_row) for tab in backward.tables for x in tab.rows] == [("added", t.rows[r].label)]
    assert forward.counts.figures_changed == backward.counts.figures_changed == 0
    assert forward.differs and backward.differs


@FAST
@given(documents(), st.data(), st.sampled_from([" exclusief reserves", " (incl. overhead)", "~spelling"]))
def test_a_renamed_row_is_reported_as_renamed_with_its_figures_kept(doc, data, change) -> None:
    t = first_table(doc)
    r = data.draw(st.integers(0, len(t.rows) - 1))
    old_label = t.rows[r].label
    if change == "~spelling":  # a letter dropped from the longest word
        word = max(old_label.split(), key=len)
        assume(len(word) >= 6)
        new_label = old_label.replace(word, word[:3] + word[4:], 1)
    else:
        new_label = old_label + change
    rows = list(t.rows)
    rows[r] = t.rows[r].model_copy(update={"label": new_label})
    result = diff(doc, with_table(doc, t, t.model_copy(update={"rows": rows})))
    renamed = [x for tab in result.tables for x in tab.rows]
    assert [(x.status, x.old_row, x.new_row) for x in renamed] == [("renamed", old_label, new_label)]
    assert 0.5 < renamed[0].similarity < 1
    assert result.counts.figures_changed == 0


@FAST
@given(documents())
def test_moved_columns_are_matched_by_year_and_change_nothing(doc) -> None:
    t = first_table(doc)
    order = list(reversed(range(len(t.columns))))
    moved = t.model_copy(update={"columns": [t.columns[k] for k in order],
                                 "rows": [x.model_copy(update={"values": [x.values[k] for k in order]})
                                          for x in t.rows]})
    result = diff(doc, with_table(doc, t, moved))
    assert not result.differs
    assert all(p.old == p.new for tab in result.tables for p in tab.columns)


@FAST
@given(documents())
def test_the_next_edition_matches_shared_years_and_realises_the_plan(doc) -> None:
    """Shift every table a year on: the shared years match, the first becomes a realisatie."""
    t = first_table(doc)
    assume(len(t.columns) >= 3)
    first = t.columns[1].year
    cols = [c.model_copy(update={"year": c.year + 1, "label": c.label.replace(str(c.year), str(c.year + 1)),
                                 "scenario": t.columns[0].scenario if k == 0 else c.scenario})
            for k, c in enumerate(t.columns)]
    rows = [x.model_copy(update={"values": x.values[1:] + x.values[:1]}) for x in t.rows]
    result = diff(doc, with_table(doc, t, t.model_copy(update={"columns": cols, "rows": rows})))
    tab = next(x for x in result.tables if x.old and x.old.element == doc.elements.index(t))
    matched = {p.year: p.transition for p in tab.columns if p.status == "matched"}
    assert matched[first] == "begroting->realisatie"
    assert all(matched[c.year] == "same" for c in t.columns[2:])
    assert {(p.status, p.year) for p in tab.columns if p.status != "matched"} == {
        ("removed", t.columns[0].year), ("added", t.columns[-1].year + 1)}
    assert all(c.kind == "restated" for c in tab.changes if c.year != first)


@FAST
@given(documents(), st.data())
def test_list_items_reworded_added_and_removed(doc, data) -> None:
    lst = next(e for e in doc.elements if isinstance(e, ItemList))
    k = data.draw(st.integers(0, len(lst.items) - 1))
    items = list(lst.items)
    items[k] = items[k].model_copy(update={"text": items[k].text + " in 2027"})
    reworded = doc.model_copy(update={"elements": [e if e is not lst else lst.model_copy(update={"items": items})
                                                   for e in doc.elements]})
    result = diff(doc, reworded)
    changes = [(i.status, i.old, i.new) for li in result.lists for i in li.items]
    assert changes == [("reworded", lst.items[k].text, lst.items[k].text + " in 2027")]
    assert 0.6 <= result.lists[0].items[0].similarity < 1
    fewer = doc.model_copy(update={"elements": [e if e is not lst else lst.model_copy(
        update={"items": [i for j, i in enumerate(lst.items) if j != k]}) for e in doc.elements]})
    assume(len(lst.items) > 1)
    assert [(i.status, i.old) for li in diff(doc, fewer).lists for i in li.items] == [("removed", lst.items[k].text)]
    assert [(i.status, i.new) for li in diff(fewer, doc).lists for i in li.items] == [("added", lst.items[k].text)]


@FAST
@given(documents(), st.integers(1, 20))
def test_a_change_within_the_threshold_is_counted_not_reported(doc, percent) -> None:
    t = first_table(doc)
    row = next((x for x in t.rows if x.values[0].value and abs(x.values[0].value) >= 10_000_000), None)
    assume(row is not None)
    assert row is not None and row.values[0].value is not None
    bumped = row.values[0].value * (1 + Decimal(percent) / 200)  # half the threshold
    values = [value(int(bumped / 1000), row.provenance.line)] + list(row.values[1:])
    rows: list[FinancialRow] = [x if x is not row else x.model_copy(update={"values": values}) for x in t.rows]
    result = diff(doc, with_table(doc, t, t.model_copy(update={"rows": rows})), threshold=f"{percent}%")
    assert not result.differs and result.counts.below_threshold == 1
    assert diff(doc, with_table(doc, t, t.model_copy(update={"rows": rows}))).differs


def test_labels_normalise_codes_qualifiers_and_spelling() -> None:
    assert label("6.4 Sportbeleid en activering").core == label("Sportbeleid en activering").core
    assert label("6.4 Sportbeleid").code == "6.4" and label("P3 Bestuur").code == "p3"
    assert label("Banen (22)").code == "22"
    assert label("Lasten exclusief reserves").core == "lasten"
    assert similarity(label("Lasten"), label("Lasten exclusief reserves")) > 0.8
    assert similarity(label("Lasten"), label("Lasten  ")) == 1.0
    assert similarity(label("5b. Overschrijding renterisiconorm"), label("5b. Overschrijding renterisconorm")) > 0.9
    assert similarity(label("0.1 Bestuur"), label("0.2 Burgerzaken")) < 0.5


@pytest.mark.parametrize("text,amount,percent", [("5%", None, Decimal(5)), ("2,5%", None, Decimal("2.5")),
                                                 ("1000", Decimal(1000), None)])
def test_threshold_forms(text: str, amount: Decimal | None, percent: Decimal | None) -> None:
    t = Threshold.parse(text)
    assert (t.amount, t.percent) == (amount, percent)


@pytest.mark.parametrize("text", ["", "abc", "-5%", "1.000", "5 procent"])
def test_bad_thresholds_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        Threshold.parse(text)


def test_a_begroting_meets_the_amended_begroting_and_the_realisatie_of_its_year() -> None:
    """Begroting 2023 against a jaarrekening 2023 printing primitief, na wijziging and realisatie."""
    old_table = table(1, ["Baten", "Lasten"], [2023], [[100], [-400]], 2023, 1)
    new_table = table(1, ["Baten", "Lasten"], [2023, 2023, 2023], [[100, 120, 130], [-400, -410, -390]], 2023, 1)
    kinds = [(Scenario.BEGROTING, "Begroting 2023 primitief"), (Scenario.BEGROTING_NA_WIJZIGING,
                                                                  "Begroting 2023 na wijziging"),
             (Scenario.REALISATIE, "Realisatie 2023")]
    new_table = new_table.model_copy(update={"columns": [c.model_copy(update={"scenario": s, "label": lab})
                                                         for c, (s, lab) in zip(new_table.columns, kinds)]})
    result = diff(document([old_table]), document([new_table], year=2023))
    [t] = result.tables
    assert [(p.new, p.transition, p.also) for p in t.columns] == [
        ("Begroting 2023 primitief", "same", False),
        ("Begroting 2023 na wijziging", "begroting->begroting_na_wijziging", True),
        ("Realisatie 2023", "begroting->realisatie", True)]
    assert sorted((c.row, c.kind, c.new.column, c.delta) for c in t.changes) == [
        ("Baten", "realised", "Realisatie 2023", Decimal(30_000)),
        ("Baten", "revised", "Begroting 2023 na wijziging", Decimal(20_000)),
        ("Lasten", "realised", "Realisatie 2023", Decimal(10_000)),
        ("Lasten", "revised", "Begroting 2023 na wijziging", Decimal(-10_000))]
    back = diff(document([new_table], year=2023), document([old_table]))
    assert sorted((p.old, p.also) for p in back.tables[0].columns) == [
        ("Begroting 2023 na wijziging", True), ("Begroting 2023 primitief", False), ("Realisatie 2023", True)]
