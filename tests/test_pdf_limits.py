"""A PDF beyond the page limit is one clear line naming the file (exit 2), read before any page."""
from __future__ import annotations

import pypdfium2 as pdfium

from granska.checks.cli import main
from granska.checks.readers.pdf_source import MAX_PAGES


def test_a_pdf_of_more_pages_than_the_limit_is_refused_with_the_limit(tmp_path, capsys):
    pdf = pdfium.PdfDocument.new()
    for _ in range(MAX_PAGES + 1):
        pdf.new_page(595, 842).close()
    path = tmp_path / "lang.pdf"
    pdf.save(str(path))
    pdf.close()
    assert main(["check", str(path), "--no-html", "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == (f"granska: {path}: för många sidor: {MAX_PAGES + 1}, granska läser högst {MAX_PAGES} sidor "
                       f"av en PDF; dela upp den (too many pages: {MAX_PAGES + 1} > {MAX_PAGES})")
