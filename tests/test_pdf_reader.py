"""The PDF reader against PDFs rendered from known tables.

The point of the PDF path: text extraction drops empty indicator cells, so the text reader has
to guess which columns the printed values belong to (assignment_certain False). In the PDF the
word positions say it. These tests render generated reports with empty cells, read them back and
require every indicator value exactly, with assignment_certain True, including rows the text
path (on the generator's text and on the same PDF flattened to text) could not decide.
"""
from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from granska.checks.errors import InputError
from tests.support.pdfrender import fmt_number, render_pdf
from granska.checks.readers import headed_tables
from granska.checks.readers.geometry import read_pdf_document as read_pdf
from granska.checks.readers.pages import Chunk, Line, Word, chunk_words
from granska.checks.readers.text import parse_text

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets" / "pdf"
FIELDS = ("outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target")
SEEDS = (1, 2, 3, 4, 5, 6, 7, 8)

try:  # the generated-report tests need tests.support.generator; the others do not
    from tests.support import generator
except ImportError:  # pragma: no cover
    generator = None
needs_generator = pytest.mark.skipif(generator is None, reason="tests.support.generator not available")


def same(a, b) -> bool:
    a = None if a is None or (isinstance(a, float) and math.isnan(a)) else float(a)
    b = None if b is None or (isinstance(b, float) and math.isnan(b)) else float(b)
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def text_of(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


HAND_TRUTH = {
    "goals": [
        {"id": "1", "level": "inriktningsmål", "parent": "", "title": "Ett Stockholm som håller samman",
         "status": "saknas", "status_text": "", "analysis": ""},
        {"id": "1.4", "level": "kf-mål", "parent": "1",
         "title": "Stockholm är en stad med högt bostadsbyggande där alla kan bo", "status": "helt",
         "status_text": "Uppfylls helt",
         "analysis": "Enligt preliminära uppgifter har cirka 7 500 bostäder byggstartats under 2017. "
                     "Årsmålet 7 000 stycken nåddes därmed med marginal."},
        {"id": "1.4-N1", "level": "nämndmål", "parent": "1.4",
         "title": "Stadens mål för bostadsbyggande uppnås genom samordning, uppföljning och helhetssyn",
         "status": "delvis", "status_text": "Uppfylls delvis",
         "analysis": "Kommunstyrelsen ansvarar för strategisk styrning."},
    ],
    "indicators": [
        {"goal": "1.4", "name": "Antal färdigställda studentbostäder", "period": "2017",
         "cells": {"outcome": "847 st", "previous": "618 st", "target": "2 460 st", "kf_target": "2 460 st"}},
        {"goal": "1.4", "name": "Andel tjänsteutlåtanden som innehåller en jämställdhetsanalys",
         "period": "VB 2017", "cells": {"outcome": "35,71 %", "target": "100 %", "kf_target": "100 %"}},
        {"goal": "1.4", "name": "Stadens ekonomiska resultat (lägst)", "period": "2017",
         "cells": {"outcome": "-62 049", "kf_target": "fastställs 2017"}},
        {"goal": "1.4", "name": "Antal ungdomar som fått sommarjobb i stadens regi", "period": "2017",
         "cells": {"outcome": "12 345 678 st", "outcome_men": "6 000 000 st",
                   "outcome_women": "6 345 678 st", "kf_target": "8 500 st"}},
        {"goal": "1.4", "name": "Nämndens prognossäkerhet T2", "period": "2017",
         "cells": {"outcome": "-0,4", "previous": "1,2", "target": "+/- 1 %"}},
    ],
    "activities": [
        {"goal": "1.4-N1", "text": "Kommunstyrelsen ska särskilt följa upp och samordna genomförandet av "
                                   "satsningar på offentliga rum", "start": "2017-01-01", "end": "2017-12-31",
         "deviation": False, "deviation_text": ""},
        {"goal": "1.4-N1", "text": "Ta fram en modell för medborgarbudget", "start": "2017-01-01",
         "end": "2017-12-31", "deviation": True,
         "deviation_text": "Arbetet är ännu inte helt klart och beräknas slutföras under nästa år."},
    ],
    "budget": [
        {"table": "Stadsledningskontoret", "section": "SLK", "item": item, "role": role,
         "headers": ["Justerad budget 2017", "Bokfört 171231", "Avvikelse"],
         "values": dict(zip(["Justerad budget 2017", "Bokfört 171231", "Avvikelse"], vals)),
         "unit": "mnkr", "decimals": 1}
        for item, role, vals in [("Kostnader", "kostnader", [1950.2, 2012.3, -62.1]),
                                 ("Intäkter", "intakter", [-99.0, -219.2, 120.2]),
                                 ("Netto", "netto", [1851.2, 1793.1, 58.1])]
    ],
}
HAND_META = {"organisation": "kommunstyrelsen", "kind": "verksamhetsberättelse", "year": 2017}
HAND_EXPECTED = {
    "Antal färdigställda studentbostäder": dict(outcome=847, previous=618, target=2460, kf_target=2460),
    "Andel tjänsteutlåtanden som innehåller en jämställdhetsanalys": dict(outcome=35.71, target=100, kf_target=100),
    "Stadens ekonomiska resultat (lägst)": dict(outcome=-62049),
    "Antal ungdomar som fått sommarjobb i stadens regi": dict(outcome=12345678, outcome_men=6000000,
                                                             outcome_women=6345678, kf_target=8500),
    "Nämndens prognossäkerhet T2": dict(outcome=-0.4, previous=1.2, target=1.0),
}


# ---------------------------------------------------------------------------------------------
# generated reports


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = []
    base = tmp_path_factory.mktemp("pdf")
    for seed in SEEDS:
        rep = generator.generate(seed)
        path = base / f"gen-{seed}.pdf"
        rendered = render_pdf(rep.truth, rep.meta, path)
        out.append((seed, rep, rendered, read_pdf(path)))
    return out


def truth_rows(rep, table):
    return [r for r in rep.truth[table] if r.get("copy", 1) == 1]


@needs_generator
def test_indicator_values_exact_and_certain(generated):
    rows = 0
    for seed, rep, _, doc in generated:
        ind = doc.tables["indicators"]
        assert len(ind) == len(truth_rows(rep, "indicators")), seed
        got = {(r["goal"], r["name"]): r for r in ind.to_dict("records")}
        for t in truth_rows(rep, "indicators"):
            g = got[(t["goal"], t["name"])]
            for f in FIELDS:
                assert same(g[f], t[f]), (seed, t["name"], f, g[f], t[f])
            for f in ("unit", "target_text", "kf_target_text", "period"):
                assert text_of(g[f]) == text_of(t[f]), (seed, t["name"], f, g[f], t[f])
            assert int(g["period_year"]) == t["period_year"]
            assert bool(g["assignment_certain"]) is True and g["uncertain_fields"] == ""
            assert json.loads(g["cells"]) == t["cells"], (seed, t["name"])
            rows += 1
        assert doc.meta["source_kind"] == "pdf"
    assert rows >= 30


@needs_generator
def test_pdf_decides_rows_the_text_path_had_to_guess(generated):
    """The point: rows whose columns the text reader could not decide are exact from the PDF."""
    guessed_gen = layout_rows = wrong_text = 0
    for seed, rep, rendered, doc in generated:
        pdf_rows = {(r["goal"], r["name"]): r for r in doc.tables["indicators"].to_dict("records")}
        truth = {(t["goal"], t["name"]): t for t in truth_rows(rep, "indicators")}
        # text path 1: the generator's own PDF-to-text style rendering of the report
        text_doc = parse_text(rep.text)
        for r in text_doc.tables["indicators"].to_dict("records"):
            key = (r["goal"], r["name"])
            if r["copy"] != 1 or key not in truth:
                continue
            if not r["assignment_certain"]:
                guessed_gen += 1
                assert pdf_rows[key]["assignment_certain"]
                assert all(same(pdf_rows[key][f], truth[key][f]) for f in FIELDS)
            if not all(same(r[f], truth[key][f]) for f in FIELDS):
                wrong_text += 1
        # text path 2: this very PDF as `pdftotext -layout` text keeps the columns: read as exactly
        if shutil.which("pdftotext"):
            layout = subprocess.run(["pdftotext", "-layout", str(rendered.path), "-"], capture_output=True,
                                    text=True, check=True).stdout
            for r in parse_text(layout).tables["indicators"].to_dict("records"):
                key = (r["goal"], r["name"])
                if key in truth:
                    layout_rows += 1
                    assert r["assignment_certain"] and all(same(r[f], truth[key][f]) for f in FIELDS), key
    assert guessed_gen >= 1, guessed_gen
    print(f"\ntext path guessed {guessed_gen} rows (generator text), {wrong_text} text-path rows had a wrong "
          f"value; the PDF path got all of them exactly, and so did {layout_rows} rows of its -layout text")


@needs_generator
def test_goals_activities_budget_match_truth(generated):
    for seed, rep, _, doc in generated:
        goals = doc.tables["goals"].to_dict("records")
        assert [(g["id"], g["level"], g["title"], g["status"]) for g in goals] == \
            [(t["id"], t["level"], t["title"], t["status"]) for t in truth_rows(rep, "goals")], seed
        acts = doc.tables["activities"].to_dict("records")
        exp = truth_rows(rep, "activities")
        assert [(a["goal"], a["text"], a["start"], a["end"], bool(a["deviation"])) for a in acts] == \
            [(t["goal"], t["text"], t["start"], t["end"], bool(t["deviation"])) for t in exp], seed
        bud = doc.tables["budget"].to_dict("records")
        exp = truth_rows(rep, "budget")
        assert len(bud) == len(exp), seed
        for b, t in zip(bud, exp):
            assert (b["table"], b["section"], b["item"], b["role"]) == (t["table"], t["section"], t["item"], t["role"])
            for h, v in t["values"].items():
                assert same(b[h], v), (seed, t["section"], t["item"], h, b[h], v)
        cols = doc.tables["budget_columns"].to_dict("records")
        assert [(c["column"], c["role"]) for c in cols] == \
            [(c["column"], c["role"]) for c in rep.meta["budget_columns"]]


@needs_generator
def test_pages_are_the_printed_pages(generated):
    checked = later = 0
    for seed, rep, rendered, doc in generated:
        for name, key_of in (("indicators", lambda r: ("indicator", r["goal"], r["name"])),
                             ("activities", lambda r: ("activity", r["goal"], r["text"])),
                             ("budget", lambda r: ("budget", r["section"], r["item"]))):
            for r in doc.tables[name].to_dict("records"):
                key = key_of(r)
                if key not in rendered.row_pages:
                    continue
                assert int(r["page"]) == rendered.row_pages[key], (seed, key, r["page"])
                checked += 1
                later += int(r["page"]) > 1
        # every row has a page; every text line knows its page and box
        for name in ("goals", "indicators", "activities", "budget", "claims"):
            assert doc.tables[name]["page"].notna().all(), (seed, name)
        boxes = doc.meta["line_boxes"]
        for r in doc.tables["indicators"].to_dict("records"):
            assert boxes[int(r["value_line"])][0] == int(r["page"])
    assert checked >= 100 and later >= 50


@needs_generator
@pytest.mark.parametrize("seed", [1, 5])
def test_tables_split_over_pages_without_repeated_header_or_with_grid(tmp_path, seed):
    rep = generator.generate(seed)
    for opts in ({"repeat_header": False}, {"grid": True}):
        path = tmp_path / "x.pdf"
        render_pdf(rep.truth, rep.meta, path, **opts)
        doc = read_pdf(path)
        got = {(r["goal"], r["name"]): r for r in doc.tables["indicators"].to_dict("records")}
        for t in truth_rows(rep, "indicators"):
            g = got[(t["goal"], t["name"])]
            assert all(same(g[f], t[f]) for f in FIELDS), (opts, t["name"])
        assert len(doc.tables["budget"]) == len(truth_rows(rep, "budget")), opts


@needs_generator
def test_budget_in_tkr_with_thousands_split_into_words(tmp_path):
    rep = generator.generate(91, budget_style="aterstar", unit="tkr", sign="actual_minus_budget")
    path = tmp_path / "tkr.pdf"
    render_pdf(rep.truth, rep.meta, path)
    doc = read_pdf(path)
    bud = doc.tables["budget"].to_dict("records")
    exp = truth_rows(rep, "budget")
    assert len(bud) == len(exp)
    big = 0
    for b, t in zip(bud, exp):
        assert (b["section"], b["item"]) == (t["section"], t["item"])
        for h, v in t["values"].items():
            assert same(b[h], v), (t["section"], t["item"], h, b[h], v)
            big += abs(v) >= 1000  # printed as two or more words ("12 345")
        assert b["unit"] == "tkr" and b["decimals"] == 0
    assert big >= 10
    roles = {(c["column"], c["role"]) for c in doc.tables["budget_columns"].to_dict("records")}
    assert roles == {(c["column"], c["role"]) for c in rep.meta["budget_columns"]}


# ---------------------------------------------------------------------------------------------
# hand-made report: split numbers, bands, words, pages


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    path = tmp_path_factory.mktemp("hand") / "hand.pdf"
    rendered = render_pdf(HAND_TRUTH, HAND_META, path)
    return rendered, read_pdf(path)


def test_numbers_split_into_words_are_joined(hand):
    _, doc = hand
    ind = {r["name"]: r for r in doc.tables["indicators"].to_dict("records")}
    assert set(ind) == set(HAND_EXPECTED)
    for name, exp in HAND_EXPECTED.items():
        for f in FIELDS:
            assert same(ind[name][f], exp.get(f)), (name, f, ind[name][f])
    assert ind["Stadens ekonomiska resultat (lägst)"]["kf_target_text"] == "fastställs 2017"
    assert ind["Nämndens prognossäkerhet T2"]["target_text"] == "+/- 1 %"
    assert ind["Nämndens prognossäkerhet T2"]["direction"] == "band"
    assert ind["Andel tjänsteutlåtanden som innehåller en jämställdhetsanalys"]["period"] == "VB 2017"
    bud = doc.tables["budget"].to_dict("records")
    assert [b["Justerad budget 2017"] for b in bud] == [1950.2, -99.0, 1851.2]
    assert bud[0]["Avvikelse"] == -62.1 and bud[0]["decimals"] == 1


def test_chunks_join_a_thousands_gap_but_not_a_column_gap():
    # "-62" "049": a space apart (8 pt font) -> one number
    line = Line([Word("-62", 100, 112, 10, 18, 8), Word("049", 114.2, 127, 10, 18, 8)], 1)
    assert [c.text for c in chunk_words(line.words)] == ["-62 049"]
    # the same words a cell padding apart -> two cells
    line = Line([Word("-62", 100, 112, 10, 18, 8), Word("049", 121, 134, 10, 18, 8)], 1)
    assert [c.text for c in chunk_words(line.words)] == ["-62", "049"]
    # one chunk that straddles a column boundary is split at it
    cols = [headed_tables.Column("a", 90, 110, right=113.0), headed_tables.Column("b", 116, 140, left=113.0)]
    line = Line([Word("7", 100, 104, 10, 18, 8), Word("4", 118, 122, 10, 18, 8)], 1)
    line.chunks = [Chunk(line.words)]
    assert [(k, c.text) for k, c in headed_tables._assign(line, cols)] == [(0, "7"), (1, "4")]


def test_pages_and_evidence_of_the_hand_report(hand):
    rendered, doc = hand
    assert rendered.pages >= 2
    for r in doc.tables["budget"].to_dict("records"):
        assert int(r["page"]) == rendered.row_pages[("budget", r["section"], r["item"])]
    assert doc.meta["pdf_pages"] == rendered.pages
    ind = doc.tables["indicators"].iloc[0]
    assert "847 st" in doc.excerpt(int(ind["value_line"]))
    assert doc.meta["organisation"] == "Kommunstyrelsen" and doc.meta["year"] == 2017
    assert doc.problems == []


def test_swedish_number_format():
    assert fmt_number(2460) == "2 460"
    assert fmt_number(-62049) == "-62 049"
    assert fmt_number(35.71) == "35,71"
    assert fmt_number(-99.0, 1) == "-99,0"
    assert fmt_number(-0.04, 1) == "0,0"


def test_rendering_is_deterministic(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_pdf(HAND_TRUTH, HAND_META, a)
    render_pdf(HAND_TRUTH, HAND_META, b)
    assert a.read_bytes() == b.read_bytes()


# ---------------------------------------------------------------------------------------------
# files that are not readable reports


def one_line_error(path) -> str:
    with pytest.raises(InputError) as info:
        read_pdf(path)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith(str(path))
    return msg


def test_truncated_pdf(tmp_path, hand):
    data = hand[0].path.read_bytes()
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(data[: len(data) // 2])
    assert "truncated" in one_line_error(bad)


def test_corrupt_pdf(tmp_path):
    bad = tmp_path / "junk.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    assert "corrupt" in one_line_error(bad)
    notpdf = tmp_path / "note.pdf"
    notpdf.write_text("Verksamhetsberättelse 2017", encoding="utf-8")
    assert "PDF" in one_line_error(notpdf)


def test_encrypted_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="hemligt")
    c.drawString(72, 700, "Verksamhetsberättelse 2017")
    c.save()
    assert "encrypted" in one_line_error(path)


def test_pdf_without_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(72, 72, 400, 600, fill=1)  # a "scanned page": drawing, no text
    c.showPage()
    c.save()
    assert "no text layer" in one_line_error(path)


def test_missing_and_empty_files(tmp_path):
    assert "no such file" in one_line_error(tmp_path / "nope.pdf")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "empty" in one_line_error(empty)


def test_damaged_stream_leaves_its_page_unread(tmp_path, hand):
    """Junk over the first page's content stream: the other pages are read, and the page that
    could not be is listed as unread; with every stream damaged the file is a one-line error."""
    from granska.checks.readers.geometry import read_pdf_document

    data = hand[0].path.read_bytes()
    k = data.index(b"stream", data.index(b"/Length")) + 7  # junk over the first content stream
    bad = tmp_path / "damaged.pdf"
    bad.write_bytes(data[:k] + b"\x00\xff" * 40 + data[k + 80:])
    doc = read_pdf_document(bad)
    unread = [e for e in doc.inventory if e["kind"] == "page" and e["status"] == "unread"]
    assert [e["page"] for e in unread] == [1]
    assert len(doc.tables["budget"]) and set(doc.tables["budget"]["page"]) == {2}
    from reportlab.pdfgen import canvas

    one = tmp_path / "one.pdf"
    c = canvas.Canvas(str(one))
    c.drawString(72, 700, "Verksamhetsberättelse 2017")
    c.save()
    data = one.read_bytes()
    k = data.index(b"stream", data.index(b"/Length")) + 7
    bad.write_bytes(data[:k] + b"\x00\xff" * 40 + data[k + 80:])
    assert "corrupt" in one_line_error(bad)


def test_damaged_operator_is_one_line_not_stderr(tmp_path, capsys):
    """A bad operand before the text (a broken matrix): PDFium places no glyph; granska says so in
    one line naming the file, and nothing reaches stderr."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(path), pageCompression=0, invariant=1)
    c.drawString(72, 700, "Verksamhetsberättelse 2017")
    c.save()
    data = path.read_bytes()
    assert b"1 0 0 1 0 0 cm" in data
    path.write_bytes(data.replace(b"1 0 0 1 0 0 cm", b"/ 0 0 1 0 0 cm", 1))  # same length, bad operand
    assert "text" in one_line_error(path)
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------------------------------------
# the stored sample PDFs


@pytest.mark.parametrize("name", ["hand-ks-2017", "gen-0007"])
def test_stored_sample_pdfs(name):
    data = json.loads((DATASETS / f"{name}.json").read_text(encoding="utf-8"))
    doc = read_pdf(DATASETS / f"{name}.pdf")
    got = {(r["goal"], r["name"]): r for r in doc.tables["indicators"].to_dict("records")}
    exp = [t for t in data["truth"]["indicators"] if t.get("copy", 1) == 1]
    assert len(got) == len(exp)
    for t in exp:
        g = got[(t["goal"], t["name"])]
        assert json.loads(g["cells"]) == t["cells"]
        assert bool(g["assignment_certain"])
