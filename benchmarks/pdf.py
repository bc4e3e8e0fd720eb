"""Reading PDFs against PDFium's own text parse, on a 37-page report (benchmarks/make_pdf.py).

Prints, measured in one run:
- in process (best of 7): PDFium's text parse of every page (open, text page, all its text)
  against granska's page model (checks.readers.pdf_source.read_pdf_layout: words, fills,
  rulings) and against the whole reading (checks.readers.geometry.read_pdf_document: the page
  model, tables, the text readers and pandera's validation). Target: the page model <= 3x.
- cold, in fresh interpreters (best of 5, alternating): `granska check X.pdf --no-html` against
  a `python -c` that only parses the text with pypdfium2. Target <= 8x.
- reading time per page: the PDF, and the same report as `pdftotext -layout` text.
- pictures: `granska check X.pdf` with and without them: HTML size per finding and per report.

Run: python benchmarks/pdf.py [--pages 37] [--repeat 7]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _timing import best_of  # noqa: E402
from make_pdf import make_pdf  # noqa: E402

FLOOR_CODE = ("import sys, pypdfium2 as pdfium\n"
              "pdf = pdfium.PdfDocument(sys.argv[1])\n"
              "for i in range(len(pdf)):\n"
              "    page = pdf[i]; text = page.get_textpage(); text.get_text_range(); text.close(); page.close()\n")


def pdfium_parse(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        text = page.get_textpage()
        text.get_text_range()
        text.close()
        page.close()
    pdf.close()


def in_process(pdf: Path, txt: Path, repeat: int) -> None:
    import pandas  # noqa: F401  - imports are not reading
    import pandera.pandas  # noqa: F401

    from granska.checks.readers import read_document
    from granska.checks.readers.geometry import read_pdf_document
    from granska.checks.readers.pdf_source import read_pdf_layout

    data = pdf.read_bytes()
    pages = len(read_pdf_layout(pdf, data).pages)
    read_document(txt)  # first calls: vocabulary, regexes
    floor = best_of(lambda: pdfium_parse(data), repeat)
    layout = best_of(lambda: read_pdf_layout(pdf, data), repeat)
    whole = best_of(lambda: read_pdf_document(pdf), repeat)
    text = best_of(lambda: read_document(txt), repeat)
    print(f"in process, {pages} pages (best of {repeat}):")
    print(f"  PDFium text parse (floor)         {floor * 1000:8.1f} ms")
    print(f"  page model (read_pdf_layout)      {layout * 1000:8.1f} ms   {layout / floor:5.2f}x   target <= 3x")
    print(f"  whole reading (read_pdf_document) {whole * 1000:8.1f} ms   {whole / floor:5.2f}x")
    print(f"  per page: PDF {whole / pages * 1000:.2f} ms (page model {layout / pages * 1000:.2f} ms), "
          f"pdftotext -layout text {text / pages * 1000:.2f} ms")


def cold(pdf: Path, repeat: int) -> None:
    env = {**os.environ, "CI": "1"}
    floor_cmd = [sys.executable, "-c", FLOOR_CODE, str(pdf)]
    check_cmd = [sys.executable, "-m", "granska.checks", "check", str(pdf), "--no-html", "--fail-on", "never", "--quiet"]
    best = {"floor": float("inf"), "check": float("inf")}
    for _ in range(repeat):  # alternating, so that a busy moment hits both
        for name, cmd in (("floor", floor_cmd), ("check", check_cmd)):
            t = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
            best[name] = min(best[name], time.perf_counter() - t)
    print(f"cold, fresh interpreters (best of {repeat}):")
    print(f"  python -c: PDFium text parse      {best['floor'] * 1000:8.1f} ms")
    print(f"  granska check X.pdf --no-html     {best['check'] * 1000:8.1f} ms   "
          f"{best['check'] / best['floor']:5.2f}x   target <= 8x")


def pictures(pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {}
        for flag in ("--no-pictures", None):
            out = Path(tmp) / f"{flag or 'pictures'}.html"
            cmd = [sys.executable, "-m", "granska.checks", "check", str(pdf), "--html", str(out), "--fail-on", "never", "--quiet"]
            t = time.perf_counter()
            proc = subprocess.run(cmd + ([flag] if flag else []), cwd=ROOT, capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - t
            if not out.exists():
                print(f"  {' '.join(cmd)} failed: {proc.stderr.strip()}")
                return
            html = out.read_text(encoding="utf-8")
            sizes[flag] = (len(html.encode()), seconds, html)
        plain, with_pictures = sizes["--no-pictures"], sizes[None]
        html = with_pictures[2]
        regions = re.findall(r'<img class="region" src="data:image/[a-z]+;base64,([^"]+)"', html)
        pages = re.findall(r'<img class="page" src="data:image/[a-z]+;base64,([^"]+)"', html)
        findings = html.count('class="finding ')
        region_bytes = [len(r) for r in regions]
        page_bytes = [len(p) for p in pages]
        print(f"pictures ({findings} findings, {len(regions)} with a picture, {len(pages)} pages shown whole):")
        print(f"  HTML without pictures {plain[0] / 1024:8.0f} KiB   ({plain[1]:.2f} s)")
        print(f"  HTML with pictures    {with_pictures[0] / 1024:8.0f} KiB   ({with_pictures[1]:.2f} s)")
        if region_bytes:
            print(f"  a finding's region: {sum(region_bytes) / len(region_bytes) / 1024:.1f} KiB on average "
                  f"(largest {max(region_bytes) / 1024:.1f} KiB, base64)")
        if page_bytes:
            print(f"  a whole page:       {sum(page_bytes) / len(page_bytes) / 1024:.1f} KiB on average "
                  f"(largest {max(page_bytes) / 1024:.1f} KiB, base64)")
        if findings:
            print(f"  per finding, all told: {(with_pictures[0] - plain[0]) / findings / 1024:.1f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=37)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = make_pdf(Path(tmp) / "report.pdf", args.pages)
        txt = Path(tmp) / "report.txt"
        if shutil.which("pdftotext"):
            subprocess.run(["pdftotext", "-layout", str(pdf), str(txt)], check=True)
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        in_process(pdf, txt, args.repeat)
        cold(pdf, max(3, args.repeat - 2))
        pictures(pdf)
        print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
