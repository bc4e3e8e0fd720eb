"""The HTML report in a real browser (headless Chromium, no DevTools protocol).

Skipped only when /usr/bin/chromium is missing and CI is not set; in CI a missing browser fails.
The page's own JS writes its state into the DOM (data-js, data-visible); for the filter test a
copy of the page gets a test-only inline script that clicks the filters and writes what it saw
into <pre id="test-result">, and --dump-dom returns the resulting DOM.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from granska.reports.html import render_html, render_index

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
DATA = Path(__file__).parent / "data" / "reports"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]

TEST_SCRIPT = """
<script>
(function () {
  var out = {};
  var form = document.querySelector("form.filters");
  var list = document.getElementById("d0-list");
  function visible() { return list.querySelectorAll("[data-filter-item]:not([hidden])").length; }
  function fire(el, type) { el.dispatchEvent(new Event(type, {bubbles: true})); }
  out.js = document.documentElement.getAttribute("data-js");
  out.formHidden = form.hidden;
  out.total = list.querySelectorAll("[data-filter-item]").length;
  out.before = visible();
  out.beforeAttr = list.getAttribute("data-visible");
  var warning = form.querySelector("input[name=severity][value=warning]");
  warning.click();
  out.noWarnings = visible();
  out.noWarningsAttr = list.getAttribute("data-visible");
  out.status = form.querySelector(".filter-status").textContent;
  var info = form.querySelector("input[name=severity][value=info]");
  info.click();
  out.errorsOnly = visible();
  warning.click(); info.click();
  form.elements.namedItem("rule").value = "NAR001"; fire(form.elements.namedItem("rule"), "change");
  out.ruleNar = visible();
  form.elements.namedItem("rule").value = ""; fire(form.elements.namedItem("rule"), "change");
  form.elements.namedItem("category").value = "budget"; fire(form.elements.namedItem("category"), "change");
  out.categoryBudget = visible();
  form.elements.namedItem("category").value = ""; fire(form.elements.namedItem("category"), "change");
  var q = form.elements.namedItem("q");
  q.value = "STUDENTBOSTÄDER"; fire(q, "input");
  out.search = visible();
  q.value = ""; fire(q, "input");
  out.after = visible();
  out.title = document.title;
  var pre = document.createElement("pre");
  pre.id = "test-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}());
</script>
"""


def make_run() -> dict:
    return json.loads((DATA / "run.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chromium() -> str:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing; CI must install it (apt-get install -y chromium)")
        pytest.skip("/usr/bin/chromium is not installed")
    return str(CHROMIUM)


def run_chromium(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(cmd, capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


def dump_dom(chromium: str, tmp_path: Path, html: str, name: str) -> str:
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    return run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri()).stdout.decode("utf-8")


def title_of(dom: str) -> str:
    match = re.search(r"<title>(.*?)</title>", dom, re.S)
    return match.group(1) if match else ""


def without_csp(html: str) -> str:
    """The test copy drops the page's CSP so that escaping alone stands between the payloads
    and execution (and so that the test-only script may run)."""
    out, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html)
    assert n == 1
    return out


def test_own_script_runs_under_its_csp(chromium, tmp_path):
    dom = dump_dom(chromium, tmp_path, render_html(make_run()), "report.html")
    assert 'data-js="on"' in dom
    assert 'id="d0-list" data-visible="7" data-total="7"' in dom
    assert "Visar 7 av 7 fynd" in dom
    assert title_of(dom).startswith("Granskningsrapport: Kommunstyrelsen")


def test_filters_work_and_no_document_script_runs(chromium, tmp_path):
    html = without_csp(render_html(make_run())).replace("</body>", TEST_SCRIPT + "</body>")
    dom = dump_dom(chromium, tmp_path, html, "report-test.html")
    assert "PWNED" not in title_of(dom)
    result = json.loads(re.search(r'<pre id="test-result">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"'))
    assert result["title"] == "Granskningsrapport: Kommunstyrelsen – verksamhetsberättelse 2017"
    assert result["js"] == "on" and result["formHidden"] is False
    assert result["total"] == result["before"] == 7 and result["beforeAttr"] == "7"
    assert result["noWarnings"] == 3 and result["noWarningsAttr"] == "3"
    assert result["status"] == "Visar 3 av 7 fynd"
    assert result["errorsOnly"] == 2
    assert result["ruleNar"] == 2
    assert result["categoryBudget"] == 1
    assert result["search"] == 1          # only GOL001 mentions it; the match ignores case
    assert result["after"] == 7
    # the payloads are in the DOM as text
    assert "&lt;img src=x onerror=" in dom and "&lt;script&gt;document.title=" in dom


def test_the_marker_would_catch_a_payload_that_ran(chromium, tmp_path):
    """Positive control: the same payload, inserted unescaped, does change the title."""
    html = without_csp(render_html(make_run())).replace(
        "</main>", "<img src=x onerror=\"document.title='PWNED'\"></main>")
    dom = dump_dom(chromium, tmp_path, html, "control.html")
    assert title_of(dom) == "PWNED"


def test_index_in_the_browser(chromium, tmp_path):
    run = make_run()
    run["documents"][0]["report"] = "javascript:document.title='PWNED'"
    run["documents"][0]["organisation"] = "<img src=x onerror=\"document.title='PWNED'\">"
    dom = dump_dom(chromium, tmp_path, without_csp(render_index(run)), "index.html")
    assert "PWNED" not in title_of(dom)
    assert 'data-js="on"' in dom and 'id="doc-rows" data-visible="1"' in dom


def test_screenshot_is_non_trivial(chromium, tmp_path):
    page = tmp_path / "shot.html"
    page.write_text(render_html(make_run()), encoding="utf-8")
    png = tmp_path / "report.png"
    run_chromium(chromium, tmp_path, f"--screenshot={png}", "--window-size=1280,2000", page.as_uri())
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000


def test_the_sample_prints_compactly_on_a4(chromium, tmp_path):
    """A findings table, not a card per page: the sample's report (19 findings, its goal tree and
    budget table) prints on A4 in fewer pages than it has findings, the findings themselves on a
    few pages."""
    import pypdfium2

    from granska.checks.engine.rules import load_rules
    from granska.checks.runner import build_run, document_result
    from granska.reports.gate import apply_gate

    root = Path(__file__).parents[1]
    rules = load_rules()
    run = build_run([document_result(root / "datasets" / "stockholm-ks-vb-2017.txt", rules)], rules)
    apply_gate(run)
    findings = len(run["documents"][0]["findings"])
    page = tmp_path / "print.html"
    page.write_text(render_html(run), encoding="utf-8")
    pdf = tmp_path / "print.pdf"
    run_chromium(chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    doc = pypdfium2.PdfDocument(str(pdf))
    width, height = doc[0].get_size()
    assert (round(width), round(height)) == (595, 842)                       # A4 in points
    assert len(doc) < findings
    text = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    # the 19 findings, between the coverage and the goals, take a few pages
    coverage = next(i for i, t in enumerate(text) if "Vad som granskades" in t)
    goals = next(i for i, t in enumerate(text) if "Mål och måluppfyllelse" in t)
    assert 0 < goals - coverage <= 4
