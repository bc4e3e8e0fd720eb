"""Hostile inputs, generated: each one made a real granska hang, crash or run out of memory once.

Built by hand as bytes (no PDF or XLSX library), so that each is exactly the construction that
defeats a reader: a reference cycle, a form that draws itself, a sheet claiming a million rows,
a zip bomb, YAML aliases.
"""
from __future__ import annotations

import io
import zipfile


def pdf(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF with the given objects (number -> body) and a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for num in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref))
    return out.getvalue()


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 712 Td (Verksamhetsberattelse 2017) Tj ET"


def reference_cycle_pdf() -> bytes:
    """A page whose MediaBox is an object that refers to an object that refers back."""
    return pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
        4: b"5 0 R",
        5: b"4 0 R",
        6: stream(TEXT),
        7: FONT,
    })


def self_drawing_form_pdf() -> bytes:
    """A page that draws a form XObject whose own content draws itself."""
    return pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /XObject << /X0 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        4: stream(TEXT + b"\n/X0 Do"),
        5: stream(TEXT + b"\n/X0 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                     b"/Resources << /XObject << /X0 5 0 R >> /Font << /F1 6 0 R >> >>"),
        6: FONT,
    })


def dense_pdf(pages: int, lines_per_page: int = 60) -> bytes:
    """Many pages full of short text runs (the reader's per-page cost times many pages)."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids = []
    for k in range(pages):
        page, content = 4 + 2 * k, 5 + 2 * k
        kids.append(b"%d 0 R" % page)
        body = b"BT /F1 9 Tf 10 TL 40 780 Td " + b" ".join(
            b"(Rad %d sida %d 1 234 567 89,5 mnkr 12 %%) '" % (i, k) for i in range(lines_per_page)) + b" ET"
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                         b"/Resources << /Font << /F1 3 0 R >> >> >>" % content)
        objects[content] = stream(body)
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return pdf(objects)


# --- XLSX ---------------------------------------------------------------------------------------

_CT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       b'<Default Extension="xml" ContentType="application/xml"/>'
       b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       b'%s</Types>')
_SHEET_CT = (b'<Override PartName="/xl/worksheets/sheet%d.xml" '
             b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         b'</Relationships>')
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _col(k: int) -> str:
    name = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        name = chr(65 + r) + name
    return name


def sheet_xml(rows: list[list[object]], dimension: str | None = None, padding: int = 0) -> bytes:
    """A worksheet with inline strings and numbers; `dimension` as claimed (any lie); `padding`
    bytes of XML whitespace (compresses to almost nothing: a zip bomb)."""
    out = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + _NS + b'>']
    if dimension:
        out.append(b'<dimension ref="%s"/>' % dimension.encode())
    out.append(b"<sheetData>")
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{_col(c)}{r}".encode()
            if v is None:
                continue
            if isinstance(v, (int, float)):
                cells.append(b'<c r="%s"><v>%s</v></c>' % (ref, str(v).encode()))
            elif isinstance(v, tuple):  # ("formula", cached value or None)
                cached = b"" if v[1] is None else b"<v>%s</v>" % str(v[1]).encode()
                cells.append(b'<c r="%s"><f>%s</f>%s</c>' % (ref, v[0].encode(), cached))
            else:
                text = str(v).replace("&", "&amp;").replace("<", "&lt;").encode()
                cells.append(b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text))
        out.append(b'<row r="%d">' % r + b"".join(cells) + b"</row>")
    if padding:
        out.append(b" " * padding)
    out.append(b"</sheetData></worksheet>")
    return b"".join(out)


def xlsx(sheets: dict) -> bytes:
    """A workbook of the given sheets (name -> sheet XML, or a function that writes it into the
    open archive member)."""
    names = list(sheets)
    wb = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ' + _NS + b'><sheets>'
          + b"".join(b'<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n.encode(), k + 1, k + 1)
                     for k, n in enumerate(names))
          + b"</sheets></workbook>")
    wb_rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               + b"".join(b'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                          b'relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (k + 1, k + 1)
                          for k in range(len(names)))
               + b"</Relationships>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT % b"".join(_SHEET_CT % (k + 1) for k in range(len(names))))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for k, n in enumerate(names):
            if callable(sheets[n]):  # writes the member itself, in pieces
                with z.open(f"xl/worksheets/sheet{k + 1}.xml", "w", force_zip64=True) as member:
                    sheets[n](member)
            else:
                z.writestr(f"xl/worksheets/sheet{k + 1}.xml", sheets[n])
    return buf.getvalue()


MINIMAL_TABLES = {
    "document": [["organisation", "kind", "year"], ["Testnämnden", "verksamhetsberättelse", 2017]],
    "goals": [["id", "level", "title", "status"], ["1", "kf-mål", "Ett mål", "helt"]],
    "indicators": [["goal", "name", "outcome", "target", "kf_target", "period"],
                   ["1", "Antal besök", 120, 100, None, "2017"]],
    "budget": [["table", "section", "item", "Budget", "Utfall"], ["Drift", "SLK", "Netto", 10, 9]],
}


def dimension_bomb_xlsx(rows: int = 2000) -> bytes:
    """Tables of `rows` indicators (a few hundred KB) whose sheets claim the whole grid
    (A1:XFD1048576): a reader that pads every row to the claimed 16 384 columns needs gigabytes."""
    tables = dict(MINIMAL_TABLES)
    header, first = MINIMAL_TABLES["indicators"]
    tables["indicators"] = [header] + [[first[0], f"Indikator {k}", 100 + k, 100, None, "2017"] for k in range(rows)]
    return xlsx({name: sheet_xml(body, dimension="A1:XFD1048576") for name, body in tables.items()})


def zip_bomb_xlsx(expanded_mb: int = 400) -> bytes:
    """A workbook whose indicators sheet expands to `expanded_mb` MB of whitespace (written in
    pieces: the test itself never holds it)."""
    sheets: dict = {name: sheet_xml(rows) for name, rows in MINIMAL_TABLES.items()}
    head, tail = sheet_xml(MINIMAL_TABLES["indicators"]).split(b"</sheetData>")

    def indicators(member) -> None:
        member.write(head)
        chunk = b" " * (1024 * 1024)
        for _ in range(expanded_mb):
            member.write(chunk)
        member.write(b"</sheetData>" + tail)

    sheets["indicators"] = indicators
    return xlsx(sheets)


# --- YAML -----------------------------------------------------------------------------------------

def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs": each anchor a list of `width` aliases of the one before."""
    lines = ['a0: &a0 ["ha"]']
    for k in range(1, levels + 1):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# --- running granska in a fresh interpreter, measured --------------------------------------------

DRIVER = r"""
import json, os, resource, signal, sys, time
sys.path.insert(0, sys.argv[1])
from granska.checks import cli, runner
report, argv = sys.argv[2], json.loads(sys.argv[3])
sabotage = json.loads(os.environ.get("HOSTILE_SABOTAGE") or "{}")
if sabotage:
    real = runner.document_result
    def document_result(path, rules, timeout=None, pictures=None):
        how = sabotage.get(os.path.basename(str(path)))
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if how == "segfault":
            import ctypes
            ctypes.string_at(0)
        if how == "memory":
            block = bytearray(2048 * 1024 * 1024)  # 2 GiB: past any budget the tests give
        if how == "hang":
            signal.signal(signal.SIGALRM, signal.SIG_IGN)  # as a library that swallows the alarm
            while True:
                pass
        return real(path, rules, timeout, pictures)
    runner.document_result = document_result
t = time.monotonic()
code = cli.main(argv)
seconds = time.monotonic() - t
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(report, "w") as fh:
    json.dump({"exit": code, "seconds": seconds, "worker_mib": kids.ru_maxrss / 1024}, fh)
"""


def measured(argv: list[str], tmp, sabotage: dict[str, str] | None = None, timeout: float = 120):
    """Run `granska ARGV` in a fresh interpreter; returns (exit code, wall seconds, peak RSS of
    its worker processes in MiB, stdout, stderr). sabotage: file name -> "kill" | "segfault" |
    "memory" | "hang", done by the worker when it reaches that document."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    report = Path(tmp) / "measured.json"
    env = {**os.environ, "HOSTILE_SABOTAGE": json.dumps(sabotage or {}), "CI": "1"}
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(root), str(report), json.dumps(argv)],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=tmp)
    assert report.exists(), proc.stderr
    data = json.loads(report.read_text())
    return data["exit"], data["seconds"], data["worker_mib"], proc.stdout, proc.stderr


# --- a folder of tables as Swedish Excel saves it --------------------------------------------------

def excel_saved(folder, out, encoding: str = "cp1252") -> None:
    """The CSV tables of `folder` as Excel on Swedish Windows saves them after an import that
    detected types: `;` between columns, CRLF, numbers with a decimal comma and no ".0", TRUE and
    FALSE as SANT and FALSKT, cp1252 ("CSV (semikolonavgränsad)", characters it lacks become "?")
    or UTF-8 with BOM ("CSV UTF-8")."""
    import csv
    import io
    import re
    from pathlib import Path

    number = re.compile(r"-?\d+(\.\d+)?")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for f in sorted(Path(folder).glob("*.csv")):
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))))
        header, body = rows[0], rows[1:]
        numeric = [not header[c].startswith(("id", "goal", "parent", "period", "section", "item", "table"))
                   for c in range(len(header))]
        for r in body:
            for c, cell in enumerate(r):
                if numeric[c] and number.fullmatch(cell):
                    value = float(cell)
                    r[c] = str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
                elif cell in ("true", "false"):
                    r[c] = "SANT" if cell == "true" else "FALSKT"
        text = io.StringIO()
        csv.writer(text, delimiter=";", lineterminator="\r\n").writerows([header, *body])
        data = text.getvalue().encode(encoding, errors="replace") if encoding == "cp1252" else \
            text.getvalue().encode("utf-8-sig")
        (out / f.name).write_bytes(data)
