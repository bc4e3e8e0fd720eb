"""The layout fixtures (datasets/layouts/) are what their manifests say they are.

They are test data for the readers: real-looking reports in many layouts, each clean and with
injected errors. These tests need neither Chromium nor poppler: they read the committed PDF with
pypdfium2 and the committed `pdftotext -layout` text, and check that the pages, the injected changes
and the tables' printed cells are where the manifest puts them, and that the two versions differ only
on the pages the injections name.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

LAYOUTS = Path(__file__).resolve().parents[1] / "datasets" / "layouts"
NAMES = sorted(p.parent.name for p in LAYOUTS.glob("*/manifest.yaml"))
CATEGORIES = {"budget", "statement", "indicator", "goal", "narrative", "cross-table", "completeness"}
COLOURS = {"grön", "gul", "röd", "ingen färg"}


def squash(text: str) -> str:
    """Text without any whitespace (NBSP and narrow NBSP included): line breaks cannot hide a figure."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " ").replace("\u202f", " "))


def printed(cell: str, text: str) -> bool:
    """A cell is in the text whole, or (a wrapped label or comment, whose lines the other columns
    interleave) word by word."""
    return squash(cell) in text or all(squash(word) in text for word in cell.split())


def txt_pages(name: str, variant: str) -> list[str]:
    text = (LAYOUTS / name / f"{variant}.txt").read_text(encoding="utf-8")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def manifest(name: str) -> dict:
    return yaml.safe_load((LAYOUTS / name / "manifest.yaml").read_text(encoding="utf-8"))


def test_there_are_layouts():
    assert len(NAMES) >= 9


@pytest.mark.parametrize("name", NAMES)
def test_files_and_pages(name):
    pdfium = pytest.importorskip("pypdfium2")
    m = manifest(name)
    assert m["kind"] in {"verksamhetsberättelse", "delårsrapport", "tertialrapport", "årsredovisning"}
    assert m["organisation"] and isinstance(m["year"], int)
    for variant in ("clean", "errors"):
        for ext in ("html", "pdf", "txt"):
            assert (LAYOUTS / name / m["files"][variant][ext]).is_file()
        assert len(txt_pages(name, variant)) == m["pages"]
        pdf = pdfium.PdfDocument(str(LAYOUTS / name / f"{variant}.pdf"))
        try:
            assert len(pdf) == m["pages"]
        finally:
            pdf.close()


@pytest.mark.parametrize("name", NAMES)
def test_injections_are_printed_on_their_pages(name):
    m = manifest(name)
    clean, errors = txt_pages(name, "clean"), txt_pages(name, "errors")
    assert 4 <= len(m["injected"]) <= 8
    assert len({i["id"] for i in m["injected"]}) == len(m["injected"])
    for inj in m["injected"]:
        assert inj["category"] in CATEGORIES
        assert 1 <= inj["page"] <= m["pages"]
        for change in inj["changes"]:
            assert change["printed"] != change["right"]
            if change["printed"] in COLOURS or change["right"] in COLOURS:
                assert "txt" not in inj.get("visible_in", ["pdf", "txt"])
                continue
            page = change["page"] - 1
            assert squash(change["printed"]) in squash(errors[page]), (inj["id"], change)
            assert squash(change["right"]) in squash(clean[page]), (inj["id"], change)


@pytest.mark.parametrize("name", NAMES)
def test_versions_differ_only_where_injected(name):
    m = manifest(name)
    clean, errors = txt_pages(name, "clean"), txt_pages(name, "errors")
    changed = {n + 1 for n, (a, b) in enumerate(zip(clean, errors)) if a != b}
    in_text = {c["page"] for i in m["injected"] if "txt" in i.get("visible_in", ["pdf", "txt"])
               for c in i["changes"]}
    colour_only = {c["page"] for i in m["injected"] for c in i["changes"]}
    assert in_text <= changed <= colour_only


@pytest.mark.parametrize("name", NAMES)
def test_table_cells_are_printed_on_the_tables_pages(name):
    m = manifest(name)
    clean = txt_pages(name, "clean")
    assert m["tables"]
    for table in m["tables"]:
        text = squash("".join(clean[p - 1] for p in table["pages"]))
        rows = [r for r in table["rows"] if r["kind"] != "section"]
        assert len(rows) == table["data_rows"]
        for row in rows:
            assert len(row["cells"]) == len(table["columns"]) - 1, (table["id"], row["label"])
            for cell in row["cells"]:
                if cell and cell not in COLOURS:
                    assert printed(cell, text), (table["id"], row["label"], cell)
            assert printed(row["label"], text), (table["id"], row["label"])
            if row.get("label_wrapped"):
                assert squash(row["label"]) not in text


@pytest.mark.parametrize("name", NAMES)
def test_goal_verdicts_as_printed(name):
    m = manifest(name)
    clean = txt_pages(name, "clean")
    for goal in m.get("goals", []):
        page = squash(clean[goal["page"] - 1])
        if goal["how"] in ("colour", "icon"):
            assert goal["verdict"] in COLOURS
        else:
            assert squash(goal["verdict"]) in page, goal
