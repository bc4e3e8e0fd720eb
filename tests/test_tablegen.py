"""Generated tables read back (tests/support/tablegen.py): every table granska is given comes back
exactly, or is reported as not read, from the PDF and from its `pdftotext -layout` text; and a
clean generated report has no finding while one with a changed cell has a finding on its page.

The generator draws random but realistic Swedish municipal tables (driftredovisning, investments
with project numbers, an Ekonomi summary, a kommun's resultaträkning and balansräkning) in many
printing styles, with their ground truth. What granska does not read yet is listed in
tablegen.KNOWN_GAPS (each written up in tests/support/tablegen_failures.md) and left out of the
draw; delete a gap's line to test that feature again.

CI (CI set) runs few examples, derandomized (conftest); locally more, and new ones every run.
TABLEGEN_EXAMPLES overrides the count.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import tablecheck
from tests.support.tablegen import (CHECK_GAPS, CHOICES, KNOWN_GAPS, Features, Spec, blocked, excluded, generate,
                                    spec_strategy)

EXAMPLES = int(os.environ.get("TABLEGEN_EXAMPLES") or (40 if os.environ.get("CI") else 150))
SLOW = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SPECS = spec_strategy(excluded(KNOWN_GAPS)).filter(lambda spec: sources(spec))
CHECKED_SPECS = spec_strategy(excluded({**KNOWN_GAPS, **CHECK_GAPS})).filter(
    lambda spec: sources(spec, {**KNOWN_GAPS, **CHECK_GAPS}))
EXAMPLE = Path(__file__).resolve().parent / "support" / "examples"


def sources(spec: Spec, gaps: dict = KNOWN_GAPS) -> list[str]:
    """The sources this spec is compared on: the PDF, and its -layout text where poppler is
    installed, less those a known gap of the spec fails on."""
    out = ["pdf"] + (["text"] if tablecheck.has_pdftotext() else [])
    return [s for s in out if s not in blocked(spec, gaps)]


# ---------------------------------------------------------------------------------------------
# the generator itself: its figures obey the arithmetic a clean report obeys


def _rows(table, role):
    return [r for r in table.rows if r.kind == "data" and r.role == role]


def _col(table, start):
    return next(k for k, c in enumerate(table.columns) if c.name.startswith(start))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10 ** 6), st.booleans(), st.sampled_from(["", " ", "\u00a0"]))
def test_generated_figures_are_consistent(seed, mnkr, group):
    report = generate(Spec(seed, Features(mnkr=mnkr, group=group)))
    by_kind = {t.kind: t for t in report.tables}
    for kind in ("drift", "investering"):
        t = by_kind[kind]
        total = _rows(t, "summa")[0]
        for k, col in enumerate(t.columns):
            if col.kind in ("amount", "count"):
                parts = [r.cells[k].q or 0 for r in _rows(t, "item")]
                assert total.cells[k].q == sum(parts), (kind, col.name)
        bud, utf = _col(t, "Budget 2"), _col(t, "Utfall 2025")
        dev = next(k for k, c in enumerate(t.columns) if "vvikelse" in c.name and c.kind == "amount")
        for r in _rows(t, "item") + _rows(t, "varav") + _rows(t, "summa"):
            b, u, d = (r.cells[k].q for k in (bud, utf, dev))
            if b is not None:
                # Budget − Utfall; Utfall − Budget where costs are printed negative: a surplus is positive
                assert d == (b - u if kind == "investering" or b > 0 else u - b), r.label
    e = by_kind["ekonomi"]
    inc, cost, net, bud, dev = (r.cells for r in e.rows)
    for k in range(len(e.columns)):
        assert net[k].q == inc[k].q + cost[k].q and dev[k].q == net[k].q - bud[k].q
    summa = _rows(by_kind["drift"], "summa")[0].cells
    assert abs(net[-1].q) == abs(summa[_col(by_kind["drift"], "Utfall 2025")].q)  # XRF001's tie
    rr = {r.label: r.cells for r in by_kind["resultat"].rows}
    br = {r.label: r.cells for r in by_kind["balans"].rows}
    for k in range(1, len(by_kind["resultat"].columns)):
        assert rr["Verksamhetens nettokostnader"][k].q == sum(
            rr[x][k].q for x in ("Verksamhetens intäkter", "Verksamhetens kostnader", "Avskrivningar"))
        assert rr["Årets resultat"][k].q == rr["Resultat efter finansiella poster"][k].q
    for k in range(1, len(by_kind["balans"].columns)):
        assert br["SUMMA TILLGÅNGAR"][k].q == br["SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER"][k].q
        assert br["SUMMA TILLGÅNGAR"][k].q == br["Summa anläggningstillgångar"][k].q + br["Summa omsättningstillgångar"][k].q
    names = [c.name for c in by_kind["resultat"].columns]
    for k, name in enumerate(names):
        if name in [c.name for c in by_kind["balans"].columns]:
            assert rr["Årets resultat"][k].q == br["Årets resultat"][[c.name for c in by_kind["balans"].columns].index(name)].q


def test_figures_are_printed_in_the_styles_asked_for():
    from tests.support.tablegen import fmt

    assert fmt(-627900, 0, Features(minus="- ", group=" ")) == "- 627 900"
    assert fmt(-614, 0, Features(minus="\u2013 ")) == "\u2013 614"
    assert fmt(-1947, 0, Features(minus="\u2212", group="")) == "\u22121947"
    assert fmt(-12345, 1, Features(group="\u202f"), parens=True) == "(1\u202f234,5)"
    assert fmt(43, 1, Features(), pct=" %") == "4,3 %"


def test_the_example_is_what_the_generator_draws(tmp_path):
    """The committed example (for humans: PDF, truth JSON, -layout text) is the generator's
    output now; regenerate it with `python -m tests.support.tablegen` as its README says."""
    from tests.support.tablegen import write_example

    spec_file = json.loads((EXAMPLE / "tablegen-7.json").read_text(encoding="utf-8"))
    spec = Spec(spec_file["spec"]["seed"], Features(**{k: tuple(v) if isinstance(v, list) else v
                                                       for k, v in spec_file["spec"]["features"].items()}))
    assert json.loads(json.dumps(write_example(spec, tmp_path, text=False), ensure_ascii=False)) == spec_file


def test_rendering_is_deterministic(tmp_path):
    from tests.support.tablepdf import render

    spec = Spec(11, Features(continued="repeat", two_column=True, error=True))
    a, b = render(generate(spec), tmp_path / "a.pdf"), render(generate(spec), tmp_path / "b.pdf")
    assert a.read_bytes() == b.read_bytes()


# ---------------------------------------------------------------------------------------------
# reading the tables back


@SLOW
@given(SPECS)
def test_tables_come_back_exactly_or_reported_unread(spec):
    with tempfile.TemporaryDirectory() as folder:
        use = sources(spec)
        result = tablecheck.run(spec, Path(folder), text="text" in use)
        wrong = [f"{src}: {o}" for src, o in result.wrong() if src in use]
        assert not wrong, f"{spec!r}\n" + "\n".join(wrong)
        for src, outcomes in (("pdf", result.pdf), ("text", result.text or [])):
            reported = [o for o in outcomes if o.how == "reported"]
            if reported and src in use:
                doc = tablecheck.read_document(Path(folder), spec, src)
                assert all(tablecheck.inventory_reports(doc, o) for o in reported), (src, spec)


@SLOW
@given(CHECKED_SPECS)
def test_check_finds_nothing_on_a_clean_report_and_the_changed_cell_on_its_page(spec):
    with tempfile.TemporaryDirectory() as folder:
        for src in sources(spec, {**KNOWN_GAPS, **CHECK_GAPS}):
            truth, findings = tablecheck.check(spec, Path(folder), src)
            serious = [f for f in findings if f.severity in ("error", "warning") and not f.rule.startswith("EXT")]
            injected = truth["injected"]
            if injected is None:
                assert not serious, f"{spec!r} {src}: " + "; ".join(f"{f.rule} p{f.page}: {f.message}" for f in serious)
            else:
                # the changed cell's page; or another page of its table, where the relation it breaks
                # ends (a Summa row printed after the page break)
                pages = {injected["page"]} | set(truth["tables"][injected["table_index"]]["pages"])
                assert any(f.page in pages for f in serious), (
                    f"{spec!r} {src}: {injected} not found; findings: "
                    + "; ".join(f"{f.rule} p{f.page}: {f.message}" for f in findings))


# ---------------------------------------------------------------------------------------------
# gaps once listed in tablegen_failures.md, pinned at their plainest case

PLAIN = Features(**{name: values[0] for name, values in CHOICES.items()})
FIXED_GAPS = [
    # F8: a balansräkning in tkr without thousands groups ("439154" is an amount, not a yyyymm date)
    ("F8", Spec(4, replace(PLAIN, tables=("balans",), group=""))),
    # F4: a table going on at the next page's top without its header; in the balance the last rows
    # have no Not (fewer columns), in the -layout text the next page has its own character grid
    ("F4-drift", Spec(11, replace(PLAIN, tables=("drift",), continued="bare"))),
    ("F4-balans", Spec(3, replace(PLAIN, tables=("balans",), continued="bare"))),
    # F4: a section heading over the first rows on the next page ("Omsättningstillgångar")
    ("F4-section", Spec(200, replace(Features(), tables=("investering", "balans"), varav_rows=False,
                                     multiline_headers=False, wrapped_labels=False, refs=False,
                                     ranges_in_labels=False, previous_year=False, furniture=False,
                                     continued="bare"))),
    # F3: "Balansräkning, forts." and its header repeated over rows that fill no Not column
    ("F3", Spec(49, replace(Features(), tables=("balans",), pct_columns=False, varav_rows=False,
                            multiline_headers=False, wrapped_labels=False, refs=False, ranges_in_labels=False,
                            previous_year=False, furniture=False, continued="repeat"))),
    # F2: a two-column passage right above a table's title (-layout text; the PDF has F9 here)
    ("F2", Spec(0, replace(Features(), tables=("drift", "ekonomi"), pct_columns=False, varav_rows=False,
                           multiline_headers=False, wrapped_labels=False, refs=False, ranges_in_labels=False,
                           previous_year=False, tight_spacing=True, furniture=False, two_column=True))),
    # F3: the title, header and first headings at a page's foot, "<title>, forts." and the header
    # again over every row on the next page
    ("F3-orphaned-header", Spec(315, replace(Features(), tables=("balans",), pct_columns=False, varav_rows=False,
                                             multiline_headers=False, wrapped_labels=False, refs=False,
                                             ranges_in_labels=False, previous_year=False, furniture=False,
                                             continued="repeat"))),
    # F4: the title and header at the foot of a page, every row on the next
    ("F4-orphaned-header", Spec(999999, replace(PLAIN, tables=("drift", "resultat", "balans"), count_column=True,
                                                 mnkr=True, continued="bare"))),
]


@pytest.mark.parametrize("name,spec", FIXED_GAPS, ids=[name for name, _ in FIXED_GAPS])
def test_a_fixed_gap_reads_whole(name, spec, tmp_path):
    use = sources(spec)
    result = tablecheck.run(spec, tmp_path, text="text" in use)
    for src, outcomes in (("pdf", result.pdf), ("text", result.text or [])):
        if src in use:
            assert all(o.how == "exact" for o in outcomes), (src, [str(o) for o in outcomes])


@pytest.mark.skipif(not tablecheck.has_pdftotext(), reason="needs pdftotext")
def test_entities_span_their_years_in_layout_text(tmp_path):
    """F7 (the entities): "Kommunen"/"Koncernen" in -layout text span the years printed under
    them, though each line has its own character grid ("Koncernen" may start right of its first
    year's figures); a Not column is under neither."""
    spec = Spec(0, replace(PLAIN, multiline_headers=True, tight_spacing=True))
    result = tablecheck.run(spec, tmp_path, text=True)
    assert all(o.how == "exact" for o in result.text), [str(o) for o in result.text]
