"""Every PDF in the repository gives the tables and findings of the committed snapshot
(tests/data/golden/pdf.txt). A change to the PDF path that alters any of them fails here with
the lines that differ; when it is meant: `python tests/golden_pdf.py --write` and commit the
snapshot with the change."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import golden_pdf  # noqa: E402


def test_every_pdf_gives_the_snapshot():
    expected = golden_pdf.SNAPSHOT.read_text(encoding="utf-8")
    diff = golden_pdf.differences(expected, golden_pdf.snapshot())
    assert not diff, "the PDF path changed tables or findings (refresh: python tests/golden_pdf.py --write):\n" \
        + "\n".join(diff)


def test_the_snapshot_covers_every_pdf_with_tables_and_findings():
    text = golden_pdf.SNAPSHOT.read_text(encoding="utf-8")
    listed = [ln[3:] for ln in text.splitlines() if ln.startswith("## ")]
    assert listed == [p.relative_to(golden_pdf.ROOT).as_posix() for p in golden_pdf.pdf_paths()]
    assert len(listed) >= 25
    assert sum(int(ln.split(": ")[1]) for ln in text.splitlines() if ln.startswith("# findings: ")) > 20
    assert sum(int(ln.split(": ")[1].split()[0]) for ln in text.splitlines() if ln.startswith("# budget: ")) > 500


def test_a_changed_cell_or_finding_is_seen(tmp_path):
    """The comparison sees one figure of one row changed, and a finding gone."""
    from granska.checks.engine.rules import load_rules

    path = golden_pdf.ROOT / "datasets" / "layouts" / "arsredovisning" / "errors.pdf"
    lines = golden_pdf.snapshot_of(path, load_rules([]))
    row = next(k for k, ln in enumerate(lines) if "Vård- och omsorgsnämnden" in ln and "-12.4" in ln)
    changed = list(lines)
    changed[row] = changed[row].replace("-12.4", "-12.5", 1)
    assert golden_pdf.differences("\n".join(lines), "\n".join(changed))
    finding = next(k for k, ln in enumerate(lines) if ln.startswith('["BUD002"'))
    assert golden_pdf.differences("\n".join(lines), "\n".join(lines[:finding] + lines[finding + 1:]))
