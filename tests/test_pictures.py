"""Pictures of the evidence (checks.pictures): every finding of a PDF shows its page region with
the failing cell outlined, in the HTML; text input and --no-pictures have none."""
from __future__ import annotations

import base64
import io
import re
import struct
import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_reports_html import Page  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ERRORS_PDF = ROOT / "datasets" / "layouts" / "arsredovisning" / "errors.pdf"
ERRORS_TXT = ROOT / "datasets" / "layouts" / "arsredovisning" / "errors.txt"


@pytest.fixture(scope="module")
def rules():
    from granska.checks.engine.rules import load_rules

    return load_rules([])


@pytest.fixture(scope="module")
def result(rules):
    from granska.checks.runner import document_result

    return document_result(ERRORS_PDF, rules, pictures="sv")


def pixels(image: dict):
    """The picture as an RGB Pillow image (WebP or PNG)."""
    Image = pytest.importorskip("PIL.Image")
    data = base64.b64decode(image["src"].split(",", 1)[1])
    return Image.open(io.BytesIO(data)).convert("RGB")


def to_pixels(region: dict, x: float, y: float) -> tuple[int, int]:
    """A point of the page (reader coordinates) in the region's picture."""
    from granska.checks.pictures import REGION_DPI

    x0, top = region["box"][0], region["box"][1]
    return round((x - x0) * REGION_DPI / 72), round((y - top) * REGION_DPI / 72)


def reddish(rgb) -> bool:
    r, g, b = rgb
    return r > 150 and g < 120 and b < 120


def test_every_finding_of_the_pdf_has_its_region_and_page(result):
    findings = result["findings"]
    regions, pages = result["pictures"]["regions"], result["pictures"]["pages"]
    assert len(findings) >= 5  # the fixture's injected errors are found (tests/test_layouts.py says which)
    assert set(regions) == {f["fingerprint"] for f in findings}
    for f in findings:
        region = regions[f["fingerprint"]]
        assert region["src"].startswith(("data:image/webp;base64,", "data:image/png;base64,"))
        assert region["page"] == f["page"]
        assert str(region["page"]) in pages
        image = pixels(region)
        assert image.size == (region["width"], region["height"])
        x0, top, x1, bottom = region["box"]
        assert 0 < bottom - top < 400 and image.size[1] == pytest.approx((bottom - top) * 110 / 72, abs=2)


def test_the_failing_cell_is_outlined_and_its_expected_value_written_beside_its_row(result):
    """BUD002 on Vård- och omsorgsnämnden: the Avvikelse 2025 cell (−12,4; budget − utfall is
    −21,4) has a red frame, and red text stands to the right of the row."""
    from granska.checks.readers import read_document

    f = next(f for f in result["findings"] if f["rule"] == "BUD002")
    region = result["pictures"]["regions"][f["fingerprint"]]
    doc = read_document(ERRORS_PDF)
    box, text = doc.meta["row_boxes"][f["line"]]["cells"]["Avvikelse 2025"]
    assert text == "-12,4"
    image = pixels(region)
    _, x0, top, x1, bottom = box
    left, mid = to_pixels(region, x0 - 1.5, (top + bottom) / 2)
    right, _ = to_pixels(region, x1 + 1.5, (top + bottom) / 2)
    assert any(reddish(image.getpixel((x, mid))) for x in range(left - 2, left + 3)), "left edge of the frame"
    assert any(reddish(image.getpixel((x, mid))) for x in range(right - 2, right + 3)), "right edge of the frame"
    inside = [image.getpixel((x, mid)) for x in range(left + 4, right - 4)]
    assert not all(reddish(p) for p in inside), "the cell's own figure stays readable"
    row_end = max(b[0][3] for b in doc.meta["row_boxes"][f["line"]]["cells"].values())
    label_from, _ = to_pixels(region, row_end + 6, 0)
    band = range(*sorted(to_pixels(region, 0, y)[1] for y in (top, bottom)))
    assert sum(reddish(image.getpixel((x, y))) for x in range(label_from, image.size[0]) for y in band) > 20
    # No other cell of the picture is framed red: outside the cell and the label, no red pixels.
    others = [(x, y) for x in range(0, label_from) for y in range(0, image.size[1], 2)
              if not (left - 3 <= x <= right + 3 and abs(y - mid) <= (bottom - top) * 110 / 72)]
    assert not any(reddish(image.getpixel(p)) for p in others)


def test_the_parts_of_a_sum_are_outlined_in_blue(result):
    from granska.checks.pictures import PART

    f = next(f for f in result["findings"] if f["rule"] == "BUD006")
    image = pixels(result["pictures"]["regions"][f["fingerprint"]])
    blue = sum(1 for x in range(0, image.size[0], 2) for y in range(0, image.size[1], 2)
               if all(abs(a - b) < 40 for a, b in zip(image.getpixel((x, y)), PART)))
    assert blue > 50  # nine part cells framed


def test_text_input_and_no_pictures_have_none(rules):
    from granska.checks.runner import document_result

    assert "pictures" not in document_result(ERRORS_TXT, rules, pictures="sv")
    assert "pictures" not in document_result(ERRORS_PDF, rules)


def test_png_without_pillow_is_the_bitmap(monkeypatch):
    """Where Pillow is missing the picture is a PNG made with zlib, pixel for pixel the page."""
    import pypdfium2 as pdfium

    from granska.checks import pictures

    pdf = pdfium.PdfDocument(str(ERRORS_PDF))
    page = pdf[0]
    bitmap = page.render(scale=0.3, rev_byteorder=True)
    monkeypatch.setattr(type(bitmap), "to_pil", lambda self: (_ for _ in ()).throw(ImportError("no PIL")))
    image = pictures.encode(bitmap)
    assert image["src"].startswith("data:image/png;base64,")
    data = base64.b64decode(image["src"].split(",", 1)[1])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (bitmap.width, bitmap.height) == (image["width"], image["height"])
    idat = data.index(b"IDAT")
    raw = zlib.decompress(data[idat + 4: idat + 4 + struct.unpack(">I", data[idat - 4: idat])[0]])
    rows = [raw[y * (1 + 3 * width) + 1: (y + 1) * (1 + 3 * width)] for y in range(height)]
    buffer = bytes(bitmap.buffer)
    channels = bitmap.n_channels
    for y in (0, height // 2, height - 1):
        expected = buffer[y * bitmap.stride: y * bitmap.stride + width * channels]
        if channels == 4:
            expected = b"".join(expected[k:k + 3] for k in range(0, len(expected), 4))
        assert rows[y] == expected
    page.close()
    pdf.close()


@pytest.fixture(scope="module")
def html_files(tmp_path_factory):
    from granska.checks.cli import main

    out = tmp_path_factory.mktemp("pictures")
    for name, extra in (("with.html", []), ("without.html", ["--no-pictures"])):
        assert main(["check", str(ERRORS_PDF), "--html", str(out / name), "--fail-on", "never", "--quiet",
                     "--json", str(out / (name + ".json")), *extra]) == 0
    main(["check", str(ERRORS_TXT), "--html", str(out / "text.html"), "--fail-on", "never", "--quiet"])
    return out


def test_the_html_shows_each_picture_linked_to_its_whole_page(html_files):
    html = (html_files / "with.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page._depth == 0, "every element is closed"
    regions = page.find("img", **{"class": "region"})
    wholes = page.find("img", **{"class": "page"})
    import json

    found = json.loads((html_files / "with.html.json").read_text(encoding="utf-8"))["documents"][0]["findings"]
    on_pages = sorted({f["page"] for f in found})
    assert len(found) >= 5 and len(regions) == len(found) and len(wholes) == len(on_pages)  # one picture each
    assert all(a["alt"] and a["width"] and a["height"] for a in regions + wholes)
    for tag, attr, value in page.urls:  # CSP: images from data: only, links in the page only
        if attr == "src":
            assert tag == "img" and re.fullmatch(r"data:image/(webp|png);base64,[A-Za-z0-9+/=]+", value)
        else:
            assert tag == "a" and value.startswith("#") and value[1:] in page.ids, value
    assert "img-src data:;" in page.find("meta", http_equiv="Content-Security-Policy")[0]["content"]
    links = [a["href"][1:] for a in page.find("a") if (a.get("href") or "").startswith("#d0-page-")]
    assert sorted(set(links)) == sorted(f"d0-page-{n}" for n in on_pages)


def test_no_pictures_and_text_input_and_json_carry_none(html_files):
    assert "data:image" not in (html_files / "without.html").read_text(encoding="utf-8")
    assert "data:image" not in (html_files / "text.html").read_text(encoding="utf-8")
    with_json = (html_files / "with.html.json").read_bytes()
    assert b"data:image" not in with_json
    assert with_json == (html_files / "without.html.json").read_bytes()


@pytest.mark.browser
def test_a_click_opens_the_whole_page_in_the_browser(html_files, tmp_path):
    """Headless Chromium under the page's CSP: the page view is shown when its anchor is the
    target, and its picture is drawn (the page's white with dark text in the middle)."""
    from test_reports_browser import chromium as _chromium  # noqa: F401 - the fixture's checks
    from test_reports_browser import run_chromium

    Image = pytest.importorskip("PIL.Image")
    browser = "/usr/bin/chromium"
    if not Path(browser).exists():
        pytest.skip("/usr/bin/chromium is not installed")
    shot = tmp_path / "page.png"
    run_chromium(browser, tmp_path, f"--screenshot={shot}", "--window-size=1000,1300",
                 (html_files / "with.html").as_uri() + "#d0-page-5")
    image = Image.open(shot).convert("RGB")
    w, h = image.size
    corner = image.getpixel((5, h - 5))
    assert max(corner) < 90, "the report is dimmed behind the page"
    middle = [image.getpixel((x, y)) for x in range(w // 4, 3 * w // 4, 3) for y in range(80, h // 3, 3)]
    assert sum(1 for p in middle if min(p) > 235) > len(middle) // 3, "the page's paper"
    assert sum(1 for p in middle if max(p) < 120) > 50, "the page's text"
