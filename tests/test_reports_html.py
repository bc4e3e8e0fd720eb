"""HTML report and batch index: content, escaping, links, languages."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from markupsafe import escape

from granska.reports.gate import apply_gate
from granska.reports.html import visible_text, render_html, render_index, safe_relative_href
from granska.reports.i18n import STRINGS
from granska.reports.waivers import load_waivers

DATA = Path(__file__).parent / "data" / "reports"
JS = (Path(__file__).parents[1] / "reports" / "templates" / "report.js").read_text(encoding="utf-8")
NNBSP = "\u202f"


def make_run() -> dict:
    return json.loads((DATA / "run.json").read_text(encoding="utf-8"))


class Page(HTMLParser):
    """Collects what the tests look at: ids, links, scripts, goal nesting, attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.handlers: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.goal_parents: dict[str, str | None] = {}
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._goals: list[tuple[int, str]] = []
        self._depth = 0
        self._in_script = False
        self.feed(html)

    VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "source", "wbr"}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
            if name in ("href", "src", "action", "xlink:href", "formaction", "poster", "data"):
                self.urls.append((tag, name, value or ""))
            if name.startswith("on"):
                self.handlers.append((tag, name))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag in self.VOID:
            return
        self._depth += 1
        if tag == "li" and "data-goal" in a:
            self.goal_parents[a["data-goal"]] = self._goals[-1][1] if self._goals else None
            self._goals.append((self._depth, a["data-goal"]))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag in self.VOID:
            return
        if self._goals and self._goals[-1][0] == self._depth and tag == "li":
            self._goals.pop()
        self._depth -= 1

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def html_sv() -> str:
    return render_html(make_run())


@pytest.fixture(scope="module")
def page(html_sv) -> Page:
    return Page(html_sv)


# --------------------------------------------------------------------------- safety

def test_hostile_text_is_shown_as_text(html_sv):
    assert "<script>document.title" not in html_sv
    assert "<img src=x" not in html_sv
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in html_sv
    assert "&lt;img src=x onerror=&#34;document.title=&#39;PWNED&#39;&#34;&gt;" in html_sv
    assert "javascript:document.title=&#39;PWNED&#39;" in html_sv       # as text
    # in the message, the excerpt, the indicator name and the goal title
    assert html_sv.count("&lt;script&gt;document.title") >= 4


def test_only_our_own_script_and_no_event_handlers(page):
    assert page.scripts == [JS]
    assert page.handlers == []


def test_no_external_urls_and_only_in_page_links(html_sv, page):
    assert not re.search(r"https?://", html_sv)
    assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*(?://|javascript:|data:|vbscript:)""", html_sv, re.I)
    assert "url(" not in html_sv and "@import" not in html_sv
    assert page.urls, "the report has in-page links"
    for tag, attr, value in page.urls:
        assert attr == "href" and tag == "a" and value.startswith("#"), (tag, attr, value)
        assert value[1:] in page.ids, f"dangling link {value}"
    assert len(page.ids) == len(set(page.ids)), "ids are unique"


def test_content_security_policy_pins_the_script(page):
    meta = page.find("meta", http_equiv="Content-Security-Policy")
    assert len(meta) == 1
    csp = meta[0]["content"]
    digest = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_message_is_escaped(text):
    run = make_run()
    finding = run["documents"][0]["findings"][0]
    finding["message"] = text
    finding["evidence"]["excerpt"] = text
    html = render_html(run)
    assert html.count("<script") == 1
    assert str(escape(visible_text(text))) in html
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)    # control characters shown, never sent


def test_control_characters_are_shown_visibly():
    run = make_run()
    run["documents"][0]["findings"][0]["message"] = "NUL\x00 ESC\x1b[31m röd"
    html = render_html(run)
    assert "NUL\u2400 ESC\u241b[31m röd" in html and "\x1b" not in html and "\x00" not in html


# --------------------------------------------------------------------------- content

def test_header_and_summary(html_sv):
    assert "<title>Granskningsrapport: Kommunstyrelsen – verksamhetsberättelse 2017</title>" in html_sv
    assert "datasets/stockholm-ks-vb-2017.txt" in html_sv
    assert hashlib.sha256(b"stockholm").hexdigest() in html_sv
    assert "2026-11-30T01:02:03+00:00" in html_sv
    assert "budget, indikatorer, mål, löptext, kopiorna" in html_sv and "ab12cd34ef56" in html_sv
    assert "2 fel, 4 varningar och 1 notering. Kontrollen (stoppar vid fel) godkänner inte rapporten: 2 nya fynd." in html_sv


def test_goal_tree_nesting_status_and_contradiction(page, html_sv):
    assert page.goal_parents == {"1": None, "1.4": "1", "1.4-N1": "1.4", "2": None, "2.1": "2"}
    assert "Bedömning: Uppfylls helt" in html_sv and "Bedömning: Uppfylls delvis" in html_sv
    assert "Bedömning: bedöms i målen under" in html_sv          # an inriktningsmål has no verdict of its own
    goal = re.search(r'data-goal="1.4">(.*?)<table', html_sv, re.S).group(1)
    assert "statusen motsägs av 1 fynd" in goal and 'href="#d0-f-2"' in goal      # GOL001 is finding 2


def test_indicator_chart_missed_direction_and_uncertain(html_sv):
    row = re.search(r'<tr class="indicator missed" data-missed="true">\s*<td>Antal färdigställda studentbostäder(.*?)</tr>',
                    html_sv, re.S)
    assert row, "the missed indicator is marked"
    cells = row.group(1)
    assert "847\u00a0st" in cells and f"2{NNBSP}460\u00a0st" in cells
    assert "<svg" in cells and "#a8231a" in cells and "målet nås inte" in cells
    assert "↑" in cells and "högre är bättre" in cells
    sick = re.search(r"data-missed=\"true\">\s*<td>Sjukfrånvaro \(max\)(.*?)</tr>", html_sv, re.S).group(1)
    assert "osäker tolkning" in sick and "↓" in sick and "osäkra fält: outcome, previous" in sick
    band = re.search(r"data-missed=\"false\">\s*<td>Budgetföljsamhet(.*?)</tr>", html_sv, re.S).group(1)
    assert "+/- 1 %" in band and "<circle" in band and "målet nås" in band and "↔" in band


def test_budget_table_highlights_the_failing_cell(html_sv):
    cells = re.findall(r'<td class="num fail" data-fail="true"[^>]*>(.*?)</td>', html_sv, re.S)
    assert len(cells) == 2
    assert "508,9" in cells[0] and "väntat 509,0" in cells[0] and 'href="#d0-f-1"' in cells[0]
    assert "1,9" in cells[1] and "väntat" not in cells[1]
    assert "−219,2" in html_sv and 'data-fails="2"' in html_sv
    assert html_sv.count("<tr class=\"section\">") == 3            # copy 2 rows are not drawn again


def test_every_finding_is_a_row_of_the_findings_table(page, html_sv):
    items = [a for t, a in page.elements if t == "tbody" and "data-filter-item" in a]
    assert len(items) == 7
    assert [a["data-severity"] for a in items] == ["error", "error", "warning", "warning", "info", "warning", "warning"]
    first = re.search(r'<tbody[^>]*id="d0-f-1".*?<td class="place">.*?</tbody>', html_sv, re.S).group(0)
    assert 'href="#rule-BUD001"' in first and "Netto ska vara summan av Kostnader och Intäkter" in first
    assert "netto-ar-kostnader-plus-intakter" not in first               # no kebab-case slug
    assert ">Fel<" in first and ">nytt<" not in first                   # a new finding says nothing of its state
    assert "Samma text även på: rad 4851 · kopia 2" in first
    assert '<span class="ln">1521</span>Kostnader 685,7' in first and "rader 1521–1523 · sida 41" in first
    assert "Väntat</th><td>509,0</td>" in first and "Tryckt</th><td>508,9" in first   # the printed decimals
    assert "Delar</th><td>728,2; −219,2" in first
    uncertain = re.search(r'<tbody[^>]*id="d0-f-5".*?<td class="place">.*?</tbody>', html_sv, re.S).group(0)
    assert "bygger på en osäker kolumntolkning" in uncertain


def test_no_raw_field_names_or_english_scaffolding_in_the_swedish_report(html_sv):
    text = re.sub(r"<(script|style)>.*?</\1>", "", html_sv, flags=re.S)
    for raw in ("deviation_summary", "Riktning</th><td>higher", "Status</th><td>helt", "Målägare", "Why:",
                "Example:", "grinden", "fail-on", "Efter läge", "Utöver tolerans", "copies, extraction"):
        assert raw not in text, raw


def test_the_summary_opens_with_the_most_important_findings(html_sv):
    summary = re.search(r'id="d0-summary".*?</section>', html_sv, re.S).group(0)
    top = re.findall(r'<li>.*?href="#(d0-f-\d+)"', summary, re.S)
    assert top[:2] == ["d0-f-1", "d0-f-2"] and len(top) <= 5                # the errors first


def test_rule_docs_only_for_rules_that_fired(page, html_sv):
    rule_ids = sorted(i for i in page.ids if i.startswith("rule-"))
    assert rule_ids == ["rule-BUD001", "rule-CPY001", "rule-EXT001", "rule-GOL001", "rule-IND001", "rule-NAR001"]
    assert "Netto ska vara summan av Kostnader och Intäkter" in html_sv and "Why:" not in html_sv
    assert "Varför:" not in html_sv                    # the Swedish report shows the Swedish description


def test_filters_are_progressive_enhancement(page, html_sv):
    form = page.find("form")[0]
    assert "hidden" in form and form["data-scope"] == "d0-list"
    # with JS off nothing is hidden: only the filter form carries the hidden attribute
    assert [t for t, a in page.elements if "hidden" in a] == ["form"]
    assert {a["value"] for a in page.find("input", name="severity")} == {"error", "warning", "info"}
    rules = [a["value"] for a in page.find("option") if a.get("value", "").startswith(("BUD", "GOL", "NAR"))]
    assert rules == ["BUD001", "GOL001", "NAR001"]
    assert "@media print" in html_sv and "break-inside: avoid" in html_sv


def test_states_waivers_resolved_and_run_findings(tmp_path):
    run = make_run()
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "- {rule: GOL001, goal: '1.4', reason: 'Redovisas <b>separat</b>', who: Anna, until: 2099-01-01}\n"
        "- {rule: IND001, goal: '1.4-N1', reason: Gammalt, who: Bo, until: 2020-01-01}\n"
        "- {rule: BUD001, section: Borta, reason: r, who: w, until: 2099-01-01}\n", encoding="utf-8")
    baseline = {f["fingerprint"] for f in run["documents"][0]["findings"][2:4]} | {"BUD002/old/00000000"}
    apply_gate(run, baseline=baseline, waivers=load_waivers(waivers, date(2026, 1, 1)), today=date(2026, 1, 1))
    html = render_html(run)
    page = Page(html)
    assert "Redovisas &lt;b&gt;separat&lt;/b&gt; — av Anna, gäller till 2099-01-01" in html
    assert "Undantaget har löpt ut (2020-01-01): Gammalt" in html
    states = [a["data-state"] for t, a in page.elements if t == "tbody" and "data-state" in a]
    assert states.count("waived") == 1 and states.count("unchanged") == 2
    assert "Åtgärdade sedan baslinjen" in html and "BUD002/old/00000000" in html
    assert "Fynd om körningen" in html and "matchar inget fynd" in html
    assert "rule-WAI001" in page.ids and "rule-BUD002" in page.ids
    assert "2 fel, 4 varningar och 1 notering. Kontrollen (stoppar vid fel) godkänner inte rapporten: 1 nytt fynd." in html
    for tag, attr, value in page.urls:
        assert value[1:] in page.ids


def test_english_labels():
    html = render_html(make_run(), lang="en")
    assert '<html lang="en">' in html
    for label in ("Summary", "Findings", "Goals and goal fulfilment", "Budget and actuals", "Rules that produced findings",
                  "Source file", "expected 509.0", "target missed", "uncertain reading", "the status is contradicted"):
        assert label in html, label
    assert "2 errors, 4 warnings and 1 note. The check (stops at errors) fails the report: 2 new findings." in html
    assert "costs 728.2 + revenues −219.2 = 509.0" in html       # message_en
    for swedish in ("Sammanfattning", "Källfil", "väntat", "målet nås inte", "Kontrollerad"):
        assert swedish not in html, swedish


def test_ui_strings_exist_in_both_languages():
    assert set(STRINGS["sv"]) == set(STRINGS["en"])
    with pytest.raises(ValueError):
        render_html(make_run(), lang="de")


def test_unreadable_and_empty_documents():
    run = make_run()
    run["documents"] = [
        {"source": "a.txt", "error": "not UTF-8 <b>", "findings": []},
        {"source": "b.txt", "error": None, "findings": [], "organisation": "Nämnd"},
    ]
    html = render_html(run)
    assert "Dokumentet kunde inte läsas: not UTF-8 &lt;b&gt;" in html
    assert "Inga fynd." in html and "Inga mål hittades" in html and "Inga budgettabeller" in html
    single = render_html(run, document=1)
    assert "a.txt" not in single and "Nämnd" in single


# --------------------------------------------------------------------------- batch index

def batch_run() -> dict:
    run = make_run()
    doc = run["documents"][0]
    doc["report"] = "stockholm-ks-vb-2017.html"
    doc["history"] = {"new": 2, "resolved": 1, "trend": [9, 8, 7]}
    clean = {"source": "datasets/goteborg 2018.txt", "organisation": "Göteborg", "kind": "årsredovisning", "year": 2018,
             "error": None, "findings": [], "report": "göteborg/ks 2018.html", "history": {"new": 0, "resolved": 3, "trend": [3, 0]}}
    broken = {"source": "datasets/trasig.txt", "error": "not UTF-8 text", "findings": [], "report": "trasig.html"}
    hostile = {"source": "x.txt", "organisation": "<script>document.title='PWNED'</script>", "error": None,
               "findings": [], "report": "javascript:document.title='PWNED'"}
    run["documents"] += [clean, broken, hostile]
    return run


def test_index_rows_links_history_and_errors():
    html = render_index(batch_run())
    page = Page(html)
    rows = page.find("tr", **{"class": "doc-row"})
    assert len(rows) == 4
    hrefs = [v for t, a, v in page.urls]
    assert hrefs == ["stockholm-ks-vb-2017.html", "g%C3%B6teborg/ks%202018.html", "trasig.html"]
    assert "javascript:" not in " ".join(hrefs)
    assert "&lt;script&gt;document.title" in html and "<script>document.title" not in html
    assert html.count("<polyline") == 2 and "Antal fynd per körning: 9, 8, 7" in html
    assert "2 nya, 1 åtgärdade" in html
    assert "Dokumentet kunde inte läsas</span> not UTF-8 text" in html
    assert re.search(r'<code>BUD001</code> SLK, Bokfört 171231', html)
    assert "1 dokument kunde inte läsas. Kontrollen (stoppar vid fel) godkänner inte körningen" in html
    assert not re.search(r"https?://", html)


@pytest.mark.parametrize("value, expected", [
    ("r.html", "r.html"),
    ("sub dir/r.html", "sub%20dir/r.html"),
    ("a/b/c.html", "a/b/c.html"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,x", None),
    ("https://evil.example/r.html", None),
    ("//evil.example/r.html", None),
    ("/etc/passwd", None),
    ("../r.html", None),
    ("a/../../r.html", None),
    ("a\\b.html", None),
    ("#frag", None),
    ("r.html#x", None),
    ("r.html?x=1", None),
    ("", None),
    (None, None),
    (42, None),
])
def test_safe_relative_href(value, expected):
    assert safe_relative_href(value) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_safe_relative_href_never_yields_a_scheme_or_host(text):
    out = safe_relative_href(text)
    if out is not None:
        assert not out.startswith(("/", "#")) and ":" not in out and "\\" not in out
        assert ".." not in out.split("/")


def test_a_report_in_the_headed_layout_reads_as_goals_with_their_indicators():
    from granska.checks.engine.rules import load_rules
    from granska.checks.runner import build_run, document_result

    rules = load_rules()
    src = Path(__file__).parent / "data" / "layouts" / "mal-bedomning.txt"
    html = render_html(build_run([document_result(src, rules)], rules, "2026-01-01T00:00:00+00:00"))
    assert "Målen med sina indikatorer" in html and "Inriktningsmål → KF:s mål" not in html
    assert html.count('class="goal level-mål"') == 3
    assert "Kultur- och fritidsnämnden" in html
    assert "Antal besök på biblioteken" in html and f"312{NNBSP}000" in html


def test_an_edited_folder_of_tables_shows_its_own_hash_beside_the_sources(tmp_path):
    import hashlib as h
    import json as js
    import subprocess
    import sys

    root = Path(__file__).parents[1]
    sample = root / "datasets" / "stockholm-ks-vb-2017.txt"
    tables = tmp_path / "tabeller"
    subprocess.run([sys.executable, "-m", "granska.checks", "extract", sample, "--out", tables], check=True, cwd=root,
                   capture_output=True)
    goals = tables / "goals.csv"
    goals.write_text(goals.read_text(encoding="utf-8-sig").replace("Uppfylls helt", "Uppfylls delvis", 1),
                     encoding="utf-8-sig")
    out = tmp_path / "r.html"
    subprocess.run([sys.executable, "-m", "granska.checks", "check", tables, "--html", out, "--json", tmp_path / "r.json",
                    "--fail-on", "never"], check=True, cwd=root, capture_output=True)
    doc = js.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"][0]
    source_hash = h.sha256(sample.read_bytes()).hexdigest()
    assert doc["sha256"] == source_hash and doc["tables_sha256"] not in ("", None, source_hash)
    html = out.read_text(encoding="utf-8")
    assert re.search(r"SHA-256 \(tabellerna\)</dt><dd><code>" + doc["tables_sha256"], html)
    assert re.search(r"SHA-256 \(källan\)</dt><dd><code>" + source_hash, html)


def test_every_built_in_rule_pack_has_a_name_in_each_language():
    """The report names the packs that ran ("Regelpaket"): never a file's English stem in the
    Swedish report."""
    from granska.checks.engine.rules import load_rules
    from granska.reports.i18n import STRINGS

    packs = {r.pack for r in load_rules()}
    for lang in ("sv", "en"):
        assert sorted(p for p in packs if f"pack_{p}" not in STRINGS[lang]) == [], lang
