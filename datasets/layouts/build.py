"""Build the layout fixtures: HTML, PDF (headless Chromium) and `pdftotext -layout` text, clean and
with injected errors, and a manifest per layout.

    python datasets/layouts/build.py               # every layout
    python datasets/layouts/build.py stratsys-arsbokslut hypergene-vb
    python datasets/layouts/build.py --html-only    # no Chromium: HTML and manifests only

Each layout is a module in specs/ (NAME, META, CSS, ERRORS, build(doc)). The numbers are made in
code, so the clean version adds up; an error is a replacement of specific printed cells or words,
so the error version differs from the clean one only there. After printing, the script checks that
each PDF has the pages the layout laid out and that each injected change is printed on the page
the manifest names.
"""
from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402

from kit.doc import Doc, Swatch  # noqa: E402

LAYOUTS = [
    "arsredovisning",
    "hypergene-vb",
    "delarsrapport-prognos",
    "malfoljning-farger",
    "tertial-tva-spalter",
    "stratsys-arsbokslut",
    "word-export",
    "indesign-ar",
    "kommunalforbund",
    "bolag-arl",
    "miljo-bygg-vb",
]
VARIANTS = ("clean", "errors")
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-pdf-header-footer"]


def spec_module(name):
    return importlib.import_module("specs." + name.replace("-", "_"))


def build_doc(spec, variant):
    doc = Doc(spec.NAME, variant, spec.ERRORS, css=spec.CSS, box_css=getattr(spec, "BOX_CSS", ""))
    spec.build(doc)
    doc.finish()
    return doc


def print_pdf(html_path: Path, pdf_path: Path):
    profile = tempfile.mkdtemp(prefix="layouts-chromium-")
    try:
        subprocess.run(CHROMIUM + [f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", str(html_path)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    # Chromium stamps the time of printing; a fixed stamp (same length) makes rebuilds byte-identical
    data = pdf_path.read_bytes()
    data = re.sub(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)",
                  lambda m: b"/" + m.group(1) + b" (D:20260101000000+00'00')", data)
    pdf_path.write_bytes(data)


def pdftotext(pdf_path: Path, layout=True) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(pdf_path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_pages(pdf_path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf_path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def norm(text):
    """Whitespace (incl. NBSP, narrow NBSP, line breaks) as single spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").split())


# -- manifest -----------------------------------------------------------------------------------
def table_entries(doc):
    out = []
    for entry in doc.tables.values():
        t = entry["table"]
        rows = [r for r in t.rows]
        item = {
            "id": entry["id"],
            "title": entry["title"],
            "kind": entry["kind"] or None,
            "unit": entry["unit"],
            "page": entry["pages"][0],
            "pages": entry["pages"],
            "title_printed": bool(entry.get("title_printed")),
            "heading": None if entry.get("title_printed") else entry.get("caption"),
            "data_rows": len(t.data_rows()),
            "section_rows": sum(1 for r in rows if r.kind == "section"),
            "columns": entry["columns"],
            "header": entry["header"],
        }
        if len(entry["parts"]) > 1:
            item["parts"] = entry["parts"]
        if t.conventions:
            item["conventions"] = t.conventions
        labels = {r.key: " ".join(r.label.split()) for r in rows}
        item["rows"] = [row_entry(r, labels, [doc.hits[f"{t.id}/{r.key}/{c.key}"]["clean"] for c in t.cols]
                                  if r.kind != "section" else None) for r in rows]
        out.append({k: v for k, v in item.items() if v is not None})
    return out


def row_entry(r, labels, cells):
    e = {"label": labels[r.key], "kind": r.kind}
    if "\n" in r.label:
        e["label_lines"] = r.label.split("\n")  # printed over several lines
    if cells is not None:
        e["cells"] = cells  # as printed in the clean version, in column order (after the label)
    if r.sum_of:
        e["sum_of"] = [labels[k] for k in r.sum_of]
    return e


def injected_entries(clean: Doc, errors: Doc, spec):
    out = []
    for inj in spec.ERRORS:
        changes = []
        for key in inj.changes:
            c, e = clean.hits.get(key), errors.hits.get(key)
            if c is None or e is None:
                raise SystemExit(f"{spec.NAME}: injection {inj.id} names {key}, which is never printed")
            if c["printed"] == e["printed"]:
                raise SystemExit(f"{spec.NAME}: injection {inj.id} does not change {key}")
            change = {"page": e["page"], **c["where"], "printed": e["printed"], "right": c["printed"]}
            changes.append(change)
        entry = {"id": inj.id, "page": changes[0]["page"], "category": inj.category, "what": inj.what,
                 "printed": changes[0]["printed"], "right": changes[0]["right"], "changes": changes}
        if tuple(inj.formats) != ("pdf", "txt"):
            entry["visible_in"] = list(inj.formats)
        if inj.note:
            entry["note"] = inj.note
        out.append(entry)
    return out


def goal_entries(doc: Doc):
    out = []
    for g in doc.goals:
        g = dict(g)
        key = g.pop("key")
        if key:
            g["verdict"] = doc.hits[key]["printed"]
        out.append({k: v for k, v in g.items() if v is not None})
    return out


def mark_wrapped(tables, text):
    """A row label the layout wrapped: in the text its lines are not together (numbers between them)."""
    pages = text.split("\f")
    for table in tables:
        page_text = squash("".join(pages[p - 1] for p in table["pages"]))
        for row in table["rows"]:
            if squash(row["label"]) not in page_text:
                row["label_wrapped"] = True


def squash(text):
    return "".join(norm(text).split())


def manifest(spec, clean: Doc, errors: Doc, pages: int, text=None):
    labels = {p.number: p.label for p in clean.pages if p.label is not None}
    m = {
        "layout": spec.NAME,
        **spec.META,
        "pages": pages,
    }
    if labels:
        m["printed_page_numbers"] = labels
    m["files"] = {v: {ext: f"{v}.{ext}" for ext in ("html", "pdf", "txt")} for v in VARIANTS}
    m["tables"] = table_entries(clean)
    if text is not None:
        mark_wrapped(m["tables"], text)
    if clean.goals:
        m["goals"] = goal_entries(clean)
    m["injected"] = injected_entries(clean, errors, spec)
    return m


class FlowDumper(yaml.SafeDumper):
    pass


def _list(dumper, data):
    flow = all(not isinstance(x, (dict, list)) for x in data) and len(repr(data)) < 110
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _dict(dumper, data):
    flow = all(not isinstance(x, (dict, list)) for x in data.values()) and len(repr(data)) < 70 and len(data) <= 3
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


FlowDumper.add_representer(list, _list)
FlowDumper.add_representer(dict, _dict)


def dump_yaml(data):
    return yaml.dump(data, Dumper=FlowDumper, allow_unicode=True, sort_keys=False, width=120)


# -- verification -------------------------------------------------------------------------------
def verify(spec, docs, texts, raw_texts, page_counts):
    problems = []
    clean = docs["clean"]
    for variant in VARIANTS:
        if page_counts[variant] != len(docs[variant].pages):
            problems.append(f"{variant}.pdf has {page_counts[variant]} pages, the layout laid out "
                            f"{len(docs[variant].pages)} (a page overflowed)")
            continue
        pages = texts[variant].split("\f")
        for p in docs[variant].pages:
            if p.anchor and norm(p.anchor) not in norm(pages[p.number - 1]):
                problems.append(f"{variant} page {p.number}: '{p.anchor}' is not on it")
    if page_counts["clean"] == len(clean.pages) and page_counts["errors"] == len(docs["errors"].pages):
        for inj in spec.ERRORS:
            for key in inj.changes:
                for variant, field in (("errors", "printed"), ("clean", "clean")):
                    hit = docs[variant].hits[key]
                    want = hit[field] if variant == "clean" else hit["printed"]
                    if want.startswith("ingen färg") or isinstance(inj.changes[key], Swatch) or not want.strip():
                        continue
                    page = hit["page"]
                    layout_page = norm(texts[variant].split("\f")[page - 1])
                    raw_page = norm(raw_texts[variant].split("\f")[page - 1])
                    if norm(want) not in layout_page and norm(want) not in raw_page:
                        problems.append(f"{inj.id}: '{want}' ({key}) not found on page {page} of {variant}")
    for key, hit in docs["clean"].hits.items():
        other = docs["errors"].hits.get(key)
        if other is None or other["page"] != hit["page"]:
            problems.append(f"{key}: printed on different pages in the two variants")
    return problems


def build_layout(name, html_only=False):
    spec = spec_module(name)
    out = HERE / name
    out.mkdir(exist_ok=True)
    docs = {v: build_doc(spec, v) for v in VARIANTS}
    texts, raw_texts, counts = {}, {}, {}
    for variant, doc in docs.items():
        html_path = out / f"{variant}.html"
        html_path.write_text(doc.html(spec.META["title"]), encoding="utf-8")
        if html_only:
            continue
        pdf_path = out / f"{variant}.pdf"
        print_pdf(html_path, pdf_path)
        texts[variant] = pdftotext(pdf_path)
        raw_texts[variant] = pdftotext(pdf_path, layout=False)
        (out / f"{variant}.txt").write_text(texts[variant], encoding="utf-8")
        counts[variant] = pdf_pages(pdf_path)
    pages = counts.get("clean", len(docs["clean"].pages))
    (out / "manifest.yaml").write_text(
        "# Generated by datasets/layouts/build.py; do not edit by hand.\n"
        + dump_yaml(manifest(spec, docs["clean"], docs["errors"], pages, texts.get("clean"))), encoding="utf-8")
    problems = [] if html_only else verify(spec, docs, texts, raw_texts, counts)
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("layouts", nargs="*", help="layouts to build (default: all)")
    ap.add_argument("--html-only", action="store_true", help="write HTML and manifests, no PDF or text")
    args = ap.parse_args(argv)
    names = args.layouts or LAYOUTS
    failed = False
    for name in names:
        problems = build_layout(name, html_only=args.html_only)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{name}: {status}")
        for p in problems:
            print("   ", p)
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("TZ", "UTC")
    sys.exit(main())
