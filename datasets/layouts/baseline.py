"""Run granska on every layout fixture (clean and errors, PDF and text) and write BASELINE.md: what it
read and what it found, against what each manifest says is there.

    python datasets/layouts/baseline.py                    # granska of this checkout
    python datasets/layouts/baseline.py --granska /work/main

An injected error counts as caught when a finding of severity error or warning is on its page and
names its row (or, in prose, its figure); a finding on the page that names neither is listed as
"on the page". Clean versions should have no error or warning at all.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build import LAYOUTS, squash  # noqa: E402


def run_granska(root: Path, path: Path):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        proc = subprocess.run([sys.executable, "-m", "granska.checks", "check", str(path), "--no-html", "--fail-on", "never",
                               "--json", str(out)], cwd=root, capture_output=True, text=True, timeout=600)
        data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    terminal = (proc.stdout + proc.stderr).strip().splitlines()
    return proc.returncode, terminal, data


def page_of(finding, line_pages):
    if finding.get("page"):
        return finding["page"]
    line = finding.get("line")
    if line and line_pages and line <= len(line_pages):
        return line_pages[line - 1]
    return None


def pages_of(finding, line_pages):
    """The finding's page and the pages of the other places it compares (the note, the other table)."""
    places = [finding] + [p for p in (finding.get("evidence") or {}).get("compared_at") or [] if isinstance(p, dict)]
    return {page for p in places if (page := page_of(p, line_pages)) is not None}


def text_line_pages(path: Path):
    """Page of each line of a pdftotext file (a form feed starts a new page)."""
    pages, page = [], 1
    for line in path.read_text(encoding="utf-8").split("\n"):
        page += line.count("\f") if line.startswith("\f") else 0
        pages.append(page)
        page += line.count("\f") if not line.startswith("\f") else 0
    return pages


def names(finding):
    return squash(" ".join(str(finding.get(k) or "") for k in ("message", "subject"))).lower()


def signature(finding):
    """A finding's rule and subject (its row or goal), whatever figures its message quotes."""
    return finding["rule"], finding.get("subject") or " ".join(str(finding.get("message")).split())


def _figure_in(value, text):
    """The printed figure as a whole figure of the text: 2,6 is not named by 52,6 or 2,65."""
    if not value[:1].isdigit() and not value[-1:].isdigit():
        return value in text
    return re.search(r"(?<![\d,.])" + re.escape(value) + r"(?![\d]|[,.]\d)", text) is not None


def _label_in(label, text):
    """The row's label as a name of its own: "Nettokostnad" is not named by "Summa nettokostnad"
    (another row), nor "Mål 2" by "Mål 2.1"."""
    # both squashed (no spaces): "summanettokostnad" holds "nettokostnad" as another row's name
    tail = r"(?![\d]|\.\d)" if label[-1:].isdigit() else ""
    return re.search(r"(?<!summa)(?<!totalt)(?<!varav)" + re.escape(label) + tail, text) is not None


def caught(injection, findings, in_clean):
    """Rules that flag the injected change: on its page, naming its row or figure, and not also raised
    on the clean version (a false alarm there that happens to name the row is no catch)."""
    hits, near = [], []
    for change in injection["changes"]:
        label = squash(change.get("row") or change.get("goal") or "").lower()
        value = squash(change["printed"]).lower()
        for f, pages in findings:
            if change["page"] not in pages or f["severity"] not in ("error", "warning") or signature(f) in in_clean:
                continue
            text = names(f)
            named = (label and _label_in(label, text)) or (value and _figure_in(value, text))
            # an extraction problem on the row is not the inconsistency found
            (hits if named and f.get("category") != "extraction" else near).append(f["rule"])
    return sorted(set(hits)), sorted(set(near) - set(hits))


def describe(m, variant, ext, rc, terminal, data, line_pages, in_clean):
    out = [f"#### `{m['layout']}/{variant}.{ext}`", ""]
    if data is None or not data.get("documents"):
        out += [f"granska exited {rc} without a JSON report: `{terminal[-1] if terminal else ''}`", ""]
        return out, None
    doc = data["documents"][0]
    if doc.get("error"):
        out += [f"Not read: {doc['error']} (exit {rc})", ""]
        return out, None
    findings = [(f, pages_of(f, line_pages)) for f in doc["findings"]]
    sev = Counter(f["severity"] for f, _ in findings)
    rules = Counter(f["rule"] for f, _ in findings)
    budget_tables = {r.get("table") for r in doc.get("budget") or [] if isinstance(r, dict)} - {None}
    out.append(f"- read: organisation `{doc.get('organisation') or '–'}` (manifest: {m['organisation']}), kind "
               f"`{doc.get('kind')}` ({m['kind']}), year `{doc.get('year')}` ({m['year']})")
    manifest_rows = sum(t["data_rows"] for t in m["tables"])
    out.append(f"- tables: {len(doc.get('budget') or [])} budget rows"
               + (f" in {len(budget_tables)} table(s)" if budget_tables else "")
               + f", {len(doc.get('indicators') or [])} indicators, {len(doc.get('goals') or [])} goals; the manifest "
               f"has {len(m['tables'])} tables with {manifest_rows} data rows and {len(m.get('goals', []))} goal "
               f"verdicts")
    out.append(f"- findings: {sum(sev.values())} ({', '.join(f'{n} {s}' for s, n in sev.most_common()) or 'none'})"
               + (f"; by rule: {', '.join(f'{r} ×{n}' for r, n in rules.most_common())}" if rules else ""))
    result = {"errors_warnings": sev.get("error", 0) + sev.get("warning", 0), "caught": 0,
              "signatures": {signature(f) for f, _ in findings}}
    if variant == "clean":
        alarms = [(f, p) for f, p in findings if f["severity"] in ("error", "warning")]
        if alarms:
            out.append("- false alarms (the clean version has no inconsistency):")
            for f, p in alarms[:12]:
                out.append(f"  - p{min(p) if p else '?'} {f['rule']}: {one_line(f['message'])}")
            if len(alarms) > 12:
                out.append(f"  - … and {len(alarms) - 12} more")
    else:
        visible = [i for i in m["injected"] if ext in i.get("visible_in", ["pdf", "txt"])]
        out.append(f"- injected errors ({len(visible)} visible in .{ext} of {len(m['injected'])}):")
        for inj in m["injected"]:
            if inj not in visible:
                out.append(f"  - {inj['id']} p{inj['page']} ({inj['category']}): not visible in .{ext}")
                continue
            hit, near = caught(inj, findings, in_clean)
            result["caught"] += bool(hit)
            state = (f"caught by {', '.join(hit)}" if hit else
                     f"not named; on the page: {', '.join(near)}" if near else "missed")
            out.append(f"  - {inj['id']} p{inj['page']} ({inj['category']}): {state}")
        result["visible"] = len(visible)
    out.append("")
    return out, result


def one_line(text, width=150):
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--granska", type=Path, default=HERE.parents[1], help="checkout to run granska from")
    ap.add_argument("--out", type=Path, default=HERE / "BASELINE.md")
    args = ap.parse_args(argv)
    root = args.granska.resolve()
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    sections, summary = [], []
    for name in LAYOUTS:
        m = yaml.safe_load((HERE / name / "manifest.yaml").read_text(encoding="utf-8"))
        sections += [f"### {name}", ""]
        row = [name]
        clean_signatures = {}
        for variant in ("clean", "errors"):
            for ext in ("pdf", "txt"):
                path = HERE / name / f"{variant}.{ext}"
                rc, terminal, data = run_granska(root, path)
                lines = text_line_pages(path) if ext == "txt" else None  # a PDF finding carries its page
                part, result = describe(m, variant, ext, rc, terminal, data, lines, clean_signatures.get(ext, set()))
                sections += part
                if variant == "clean" and result is not None:
                    clean_signatures[ext] = result["signatures"]
                if result is None:
                    visible = sum(ext in i.get("visible_in", ["pdf", "txt"]) for i in m["injected"])
                    row.append("unread" if variant == "clean" else f"unread, 0/{visible}")
                elif variant == "clean":
                    row.append(str(result["errors_warnings"]))
                else:
                    row.append(f"{result['caught']}/{result['visible']}")
        summary.append(row)
        print(name, *row[1:], flush=True)
    head = [
        "# Baseline: granska on the layout fixtures",
        "",
        f"granska at `{rev}` (run from `{root}`), `python -m granska.checks check FILE --no-html --fail-on never --json`. "
        "Regenerate with `python datasets/layouts/baseline.py --granska <checkout>`.",
        "",
        "Clean: errors + warnings on a version with no inconsistency (every one is a false alarm). Errors: "
        "injected errors caught (a finding of severity error or warning on the injected page that names the "
        "row or the figure, is not an extraction problem, and whose rule and subject are not also flagged on "
        "the clean version) / injected errors "
        "visible in that format; an unread document catches none.",
        "",
        "| layout | clean.pdf | clean.txt | errors.pdf caught | errors.txt caught |",
        "|---|---|---|---|---|",
    ] + [f"| {' | '.join(r)} |" for r in summary] + [""]
    totals = [sum(int(r[i]) for r in summary if r[i].isdigit()) for i in (1, 2)]
    caught_pdf = [r[3].split()[-1] for r in summary]
    caught_txt = [r[4].split()[-1] for r in summary]
    fraction = lambda xs: f"{sum(int(x.split('/')[0]) for x in xs)}/{sum(int(x.split('/')[1]) for x in xs)}"  # noqa: E731
    unread = sum(r[1] == "unread" for r in summary), sum(r[2] == "unread" for r in summary)
    head += [f"In all: {totals[0]} false alarms on the clean PDFs and {totals[1]} on the clean texts "
             f"({unread[0]} PDF and {unread[1]} text layouts not read at all); {fraction(caught_pdf)} injected errors "
             f"caught in the PDFs and {fraction(caught_txt)} in the texts.",
             "", "## Per file", ""]
    args.out.write_text("\n".join(head + sections).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
