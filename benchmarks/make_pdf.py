"""PDFs for the PDF benchmarks, made from the layout fixtures (datasets/layouts/*/errors.pdf:
Chromium-printed reports with real fonts, ruled and coloured tables, two-column prose).

    python benchmarks/make_pdf.py OUT.pdf             # the 37-page report (8 layouts, 37 pages)
    python benchmarks/make_pdf.py OUT.pdf --pages 2000  # those pages repeated to 2 000 pages

The 37 pages are eight layouts' errors versions one after another (årsredovisning, Hypergene
VB, delårsrapport, tertial in two columns, Stratsys årsbokslut, Word export, InDesign
investments, kommunalförbund): the density of a real report's pages (tables of figures,
financial statements, goals and indicators, prose), with findings on many of them.
"""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ("arsredovisning", "hypergene-vb", "delarsrapport-prognos", "tertial-tva-spalter", "stratsys-arsbokslut",
           "word-export", "indesign-ar", "kommunalforbund")


def make_pdf(out: Path, pages: int = 37) -> Path:
    """The eight layouts' pages in order (37), and for more pages those repeated, in one import so
    that the copies share their fonts and images (2 000 pages: 1 MB, under the 20 MB file limit)."""
    import pypdfium2 as pdfium

    sources = [pdfium.PdfDocument(ROOT / "datasets" / "layouts" / name / "errors.pdf") for name in LAYOUTS]
    base = pdfium.PdfDocument.new()
    pdf = base
    try:
        for src in sources:
            base.import_pages(src)
        if pages != len(base):
            pdf = pdfium.PdfDocument.new()
            pdf.import_pages(base, [k % len(base) for k in range(pages)])
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as fh:
            pdf.save(fh)
    finally:
        for doc in {id(d): d for d in [pdf, base, *sources]}.values():
            doc.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=37)
    args = parser.parse_args()
    make_pdf(args.out, args.pages)
    print(f"{args.out}: {args.pages} pages, {args.out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
