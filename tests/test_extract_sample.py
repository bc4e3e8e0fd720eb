"""The sample report's extraction, cell by cell, against tables built by hand from the text.

datasets/expected/stockholm-ks-vb-2017/ was typed by reading the report (see its NOTES.md), not
by saving what the reader produced. Both copies of the body are compared.
"""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
EXPECTED = ROOT / "datasets" / "expected" / "stockholm-ks-vb-2017"


@pytest.fixture(scope="session")
def doc(sample_doc):
    return sample_doc


def expected(name: str) -> list[dict]:
    with open(EXPECTED / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def num(text: str):
    return None if text in ("", None) else float(text)


def same_number(a, b) -> bool:
    a = None if a is None or (isinstance(a, float) and math.isnan(a)) else float(a)
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def rows_by(df, keys):
    out = {}
    for rec in df.to_dict("records"):
        out[tuple(str(rec[k]) for k in keys)] = rec
    return out


def test_document_metadata(doc):
    assert doc.meta["organisation"] == "Kommunstyrelsen"
    assert doc.meta["kind"] == "verksamhetsberättelse"
    assert doc.meta["year"] == 2017
    assert doc.meta["copies"] == 2


def test_goals_cell_by_cell(doc):
    got = rows_by(doc.tables["goals"], ["copy", "id"])
    exp = expected("goals")
    assert len(got) == len(exp)
    for e in exp:
        g = got[(e["copy"], e["id"])]
        for col in ("level", "parent", "title", "status", "status_text"):
            assert str(g[col] or "") == e[col], (e["id"], e["copy"], col, g[col], e[col])
        assert int(g["line"]) == int(e["line"]), (e["id"], e["copy"])


def test_activities_cell_by_cell(doc):
    got = rows_by(doc.tables["activities"], ["copy", "line"])
    exp = expected("activities")
    assert len(doc.tables["activities"]) == len(exp)
    for e in exp:
        a = got[(e["copy"], e["line"])]
        assert a["goal"] == e["goal"], (e["line"], a["goal"], e["goal"])
        assert a["text"] == e["text"], (e["line"], a["text"], e["text"])
        assert (a["start"], a["end"]) == (e["start"], e["end"]), e["line"]
        assert bool(a["deviation"]) == (e["deviation"] == "true"), e["line"]


def test_budget_cell_by_cell(doc):
    got = rows_by(doc.tables["budget"], ["copy", "section", "item"])
    exp = expected("budget")
    assert len(doc.tables["budget"]) == len(exp)
    for e in exp:
        b = got[(e["copy"], e["section"], e["item"])]
        assert b["table"] == e["table"]
        assert int(b["line"]) == int(e["line"]), (e["section"], e["item"], e["copy"])
        for col in ("Justerad budget 2017", "Bokfört 171231", "Avvikelse"):
            assert same_number(b[col], num(e[col])), (e["section"], e["item"], col)


VALUE_FIELDS = ("outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target")


def test_indicators_cell_by_cell(doc):
    """Certain cells must match exactly. A field the hand reading calls ambiguous must be
    flagged uncertain by the reader; a field only the reader doubts must still have the true
    value among its equally plausible readings."""
    got = rows_by(doc.tables["indicators"], ["copy", "line"])
    exp = expected("indicators")
    assert len(doc.tables["indicators"]) == len(exp)
    for e in exp:
        r = got[(e["copy"], e["line"])]
        where = (e["name"], e["copy"])
        assert r["name"] == e["name"], where
        assert r["goal"] == e["goal"], where
        assert r["period"] == e["period"] and int(r["period_year"]) == int(e["period_year"]), where
        ambiguous = set(filter(None, e["ambiguous_fields"].split(";")))
        uncertain = set(filter(None, (r["uncertain_fields"] or "").split(";")))
        for f in ambiguous - uncertain:
            # The reader is sure where the hand reading hesitated: then it must be right.
            assert same_number(r[f], num(e[f])), (where, f, r[f], e[f])
        alternatives = json.loads(r["alternatives"]) if r["alternatives"] else []
        for f in VALUE_FIELDS:
            want = num(e[f])
            if f in ambiguous and f in uncertain:
                continue
            if f in uncertain:
                readings = [alt.get(f) for alt in alternatives]
                assert any(same_number(_cell_value(x), want) for x in readings), (where, f, readings, want)
                continue
            assert same_number(r[f], want), (where, f, r[f], want)
        if not ambiguous and "outcome" not in uncertain:
            assert (r["unit"] or "") == e["unit"], where


def _cell_value(raw):
    from granska.checks.numbers import find_numbers

    if raw is None:
        return None
    figs = find_numbers(raw)
    return figs[0].value if figs and "+/-" not in raw else (figs[0].value if figs else None)


def test_copies_agree(doc):
    goals = doc.tables["goals"]
    one = goals[goals["copy"] == 1][["id", "status", "title"]].reset_index(drop=True)
    two = goals[goals["copy"] == 2][["id", "status", "title"]].reset_index(drop=True)
    assert one.equals(two)
