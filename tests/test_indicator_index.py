"""NAR004 finds the indicators a sentence names through an index (linear in the text), and finds
exactly those the plain test finds: the name's most distinctive word stands in the text."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from granska.checks.engine.forms.claim import _distinctive, _IndicatorIndex

LETTERS = "abcdeklmnorståäö-"
word = st.text(alphabet=LETTERS, min_size=1, max_size=16)
name = st.lists(word, min_size=1, max_size=5).map(" ".join)
text = st.lists(st.one_of(word, st.sampled_from(["70 %", "(", "mål", ", "])), max_size=25).map(" ".join)


def plain(records, text, min_length):
    return [r for r in records if (w := _distinctive(r["name"], min_length)) and w[0] in text]


@settings(max_examples=150, deadline=None)
@given(st.lists(name, max_size=12), text, st.integers(min_value=3, max_value=10))
def test_the_index_finds_what_the_plain_test_finds(names, window, min_length):
    records = [{"name": n} for n in names]
    # the text also names some of them, inside longer words, as prose does
    window = window + " " + " ".join("för" + r["name"].split()[0] + "en" for r in records[::3])
    assert _IndicatorIndex(records, min_length).named_in(window) == plain(records, window, min_length)


def test_an_inflected_name_is_found_and_an_absent_one_is_not():
    records = [{"name": "Antal förskolebarn per avdelning"}, {"name": "Andel nöjda medborgare"}]
    index = _IndicatorIndex(records, 10)
    assert index.named_in("förskolebarnen i kommunen ökade") == [records[0]]
    assert index.named_in("inga siffror här") == []
