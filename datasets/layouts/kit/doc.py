"""A fixture document: pages of HTML blocks, tables whose cells are addressable, injected errors.

Every printed figure that an error may replace goes through `Doc.v(key, value, fmt)`. The clean
variant prints the value; the error variant prints the injected replacement. Both variants are
built by the same code, so they differ exactly where an injection says, and each injection learns
its page and its right value from the clean build.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .fmt import dsum

esc = html.escape

# A figure printed in prose is wrapped in these private-use characters until the page is written.
MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
MARK_RE = re.compile("\ue000([^\ue001]*)\ue001([^\ue002]*)\ue002")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


@dataclass(frozen=True)
class Swatch:
    """A verdict printed as colour only: a cell's background or a coloured icon."""
    colour: str | None  # 'grön' | 'gul' | 'röd' | None (no colour printed)

    def __str__(self):
        return self.colour or "ingen färg"


@dataclass(frozen=True)
class Delta:
    """An injected figure given as the clean figure plus this amount."""
    amount: Decimal


@dataclass
class Inject:
    id: str
    category: str  # budget | statement | indicator | goal | narrative | cross-table | completeness
    what: str
    changes: dict  # key -> replacement (str, Decimal, Delta or Swatch)
    formats: tuple = ("pdf", "txt")  # where the inconsistency can be seen at all
    note: str = ""


CATEGORIES = {"budget", "statement", "indicator", "goal", "narrative", "cross-table", "completeness"}


@dataclass
class HC:
    """A header cell."""
    text: str
    colspan: int = 1
    rowspan: int = 1
    cls: str = ""


@dataclass
class Col:
    key: str
    head: str = ""
    fmt: object = None  # value -> text
    align: str = "r"
    cls: str = ""
    width: str | None = None


@dataclass
class Row:
    key: str
    label: str
    vals: dict
    kind: str = "data"  # data | sum | subtotal | total | section | varav
    cls: str = ""
    sum_of: list | None = None
    cell_cls: dict = field(default_factory=dict)
    fmt: object = None  # a row's own format (indicator tables: each row its unit), else the column's


class Table:
    def __init__(self, id, title, cols, *, head=None, label_head="", kind="", unit=None, cls="",
                 label_width=None, label_align="l", conventions=None, title_tag="h3"):
        self.id, self.title, self.cols = id, title, cols
        self.head = head  # list of header rows (HC); None: one row from label_head and col heads
        self.label_head = label_head
        self.kind, self.unit, self.cls = kind, unit, cls
        self.label_width, self.label_align = label_width, label_align
        self.conventions = conventions or {}
        self.title_tag = title_tag
        self.rows: list[Row] = []

    def row(self, key, label, kind="data", cls="", cell_cls=None, fmt=None, **vals):
        r = Row(key, label, vals, kind, cls, cell_cls=cell_cls or {}, fmt=fmt)
        self.rows.append(r)
        return r

    def section(self, key, label, cls=""):
        return self.row(key, label, kind="section", cls=cls)

    def sum(self, key, label, of, kind="sum", cols=None, cls="", **vals):
        """A row whose numeric cells are the sums of rows `of` (their keys), unless given."""
        parts = [self.get(k) for k in of]
        for c in self.cols:
            if c.key in vals or (cols is not None and c.key not in cols):
                continue
            nums = [p.vals.get(c.key) for p in parts]
            # an empty mark ('–', 'Stängt', …) adds nothing; a column with no figures gets no sum
            if any(isinstance(n, Decimal) for n in nums):
                vals[c.key] = dsum(n for n in nums if isinstance(n, Decimal))
        r = self.row(key, label, kind=kind, cls=cls, **vals)
        r.sum_of = list(of)
        return r

    def get(self, key):
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(f"{self.id}: no row {key}")

    def data_rows(self, rows=None):
        return [r for r in (rows if rows is not None else self.rows) if r.kind != "section"]

    # -- header grid --------------------------------------------------------------------------
    def header_rows(self):
        if self.head is not None:
            return self.head
        return [[HC(self.label_head, cls='l')] + [HC(c.head, cls=c.align) for c in self.cols]]

    def leaf_names(self):
        """The printed name of each column (label column first), header rows read top-down."""
        ncols = 1 + len(self.cols)
        grid = [[None] * ncols for _ in self.header_rows()]
        for ri, hrow in enumerate(self.header_rows()):
            ci = 0
            for cell in hrow:
                while ci < ncols and grid[ri][ci] is not None:
                    ci += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if ri + dr < len(grid) and ci + dc < ncols:
                            grid[ri + dr][ci + dc] = (cell.text, dr == 0)
                ci += cell.colspan
        names = []
        for ci in range(ncols):
            parts = []
            for ri in range(len(grid)):
                cell = grid[ri][ci]
                if cell and cell[1] and cell[0].strip():
                    parts.append(join_lines(cell[0]))
            names.append(" ".join(parts))
        return names

    def printed_header(self):
        """Header rows as printed; a cell's line breaks are shown as ' / '."""
        return [[{"text": " / ".join(" ".join(x.split()) for x in c.text.split("\n")),
                  **({"colspan": c.colspan} if c.colspan > 1 else {}),
                  **({"rowspan": c.rowspan} if c.rowspan > 1 else {})} for c in hrow]
                for hrow in self.header_rows()]


def join_lines(text):
    """A header printed over lines, read as one name: 'Budget-' + 'avvikelse' is 'Budgetavvikelse'."""
    out = ""
    for line in (" ".join(x.split()) for x in text.split("\n")):
        if not line:
            continue
        if out.endswith("-") and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def multiline(text):
    return "<br>".join(esc(part) for part in text.split("\n"))


class Page:
    def __init__(self, doc, number, *, size="A4", margin="18mm 17mm 20mm 17mm", boxes=None, cls="",
                 label=None):
        self.doc, self.number = doc, number
        self.size, self.margin = size, margin
        self.boxes = boxes or {}  # margin box name -> text ('bottom-right': 'Sida 1 av 6')
        self.cls = cls
        self.label = label  # the page number as printed, when it differs from the physical one
        self.blocks: list[str] = []
        self.anchor = None
        self.last_heading = None

    def add(self, html_text):
        self.blocks.append(html_text)
        return self

    def h(self, level, text, cls="", anchor=True):
        if anchor and self.anchor is None:
            self.anchor = text
        self.last_heading = text
        return self.add(f'<h{level} class="{cls}">{esc(text)}</h{level}>')

    def p(self, html_text, cls=""):
        """A paragraph; the text is HTML (figures come from Doc.v, already plain text)."""
        return self.add(f'<p class="{cls}">{html_text}</p>')

    def table(self, t: Table, rows=None, header=True, title=True, title_text=None, note=None):
        self.add(self.doc.render_table(t, rows=rows, header=header, title=title, title_text=title_text,
                                       note=note))
        return self


class Doc:
    def __init__(self, name, variant, injections, *, css="", box_css=""):
        assert variant in ("clean", "errors")
        self.name, self.variant = name, variant
        self.css, self.box_css = css, box_css
        self.injections = injections
        self.overrides = {}
        for inj in injections:
            assert inj.category in CATEGORIES, inj
            for key, value in inj.changes.items():
                assert key not in self.overrides, f"{key} injected twice"
                self.overrides[key] = value
        self.pages: list[Page] = []
        self.hits: dict[str, dict] = {}
        self.tables: dict[str, dict] = {}
        self.goals: list[dict] = []
        self.meta: dict = {}

    # -- pages --------------------------------------------------------------------------------
    def page(self, **kw) -> Page:
        p = Page(self, len(self.pages) + 1, **kw)
        self.pages.append(p)
        return p

    @property
    def current(self):
        return len(self.pages)

    # -- printed values -----------------------------------------------------------------------
    def v(self, key, value, fmt=None, where=None):
        """The text printed for `key`: the clean value, or in the error variant the injection."""
        printed_clean = self._text(value, fmt)
        shown = value
        if self.variant == "errors" and key in self.overrides:
            shown = self.overrides[key]
            if isinstance(shown, Delta):
                shown = value + shown.amount
        printed = self._text(shown, fmt)
        if key in self.hits:
            raise ValueError(f"{self.name}: key {key} printed twice")
        self.hits[key] = {"page": self.current, "clean": printed_clean, "printed": printed,
                          "where": where or {}}
        if isinstance(shown, Swatch):
            return shown
        if where is None:  # a figure in prose: marked, so that its sentence can be named (see finish)
            return f"{MARK_OPEN}{key}{MARK_SEP}{printed}{MARK_CLOSE}"
        return printed

    @staticmethod
    def _text(value, fmt):
        if value is None:
            return ""
        if isinstance(value, Swatch):
            return str(value)
        if isinstance(value, Decimal):
            if fmt is None:
                raise ValueError(f"a Decimal without a format: {value}")
            return fmt(value)
        return str(value)

    def goal(self, id, title, level, verdict, how, key=None, **extra):
        """Record a goal and its verdict as printed (the verdict text or colour name)."""
        self.goals.append({"id": id, "title": title, "level": level, "page": self.current,
                           "verdict": str(verdict), "how": how, "key": key, **extra})

    # -- tables -------------------------------------------------------------------------------
    def render_table(self, t: Table, rows=None, header=True, title=True, title_text=None, note=None):
        rows = t.rows if rows is None else rows
        names = t.leaf_names()
        entry = self.tables.setdefault(t.id, {
            "id": t.id, "title": t.title, "kind": t.kind, "unit": t.unit, "pages": [],
            "columns": names, "header": t.printed_header(), "parts": [], "table": t})
        if self.current not in entry["pages"]:
            entry["pages"].append(self.current)
        entry["parts"].append({"page": self.current, "rows": len(t.data_rows(rows)),
                               "header_printed": bool(header), "first_row": rows[0].label.replace("\n", " ")})
        if title:
            entry["title_printed"] = True
        elif "caption" not in entry and not entry.get("title_printed"):
            entry["caption"] = self.pages[-1].last_heading  # the heading the table sits under
        out = [f'<div class="tbl {t.cls}">']
        if title:
            out.append(f'<{t.title_tag} class="ttitle">{multiline(title_text or t.title)}</{t.title_tag}>')
        out.append(f'<table class="{t.cls}">')
        if t.label_width:
            out.append(f'<colgroup><col style="width:{t.label_width}">' + "".join(
                f'<col style="width:{c.width}">' if c.width else "<col>" for c in t.cols) + "</colgroup>")
        if header:
            out.append("<thead>")
            for hrow in t.header_rows():
                cells = []
                for c in hrow:
                    span = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (
                        f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
                    cells.append(f'<th class="{c.cls}"{span}>{multiline(c.text)}</th>')
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</thead>")
        out.append("<tbody>")
        for r in rows:
            label_key = f"{t.id}/{r.key}/label"
            label = self.v(label_key, r.label, where={"table": t.title, "row": r.label.replace("\n", " "),
                                                       "column": names[0] or "(label)"})
            if r.kind == "section":
                out.append(f'<tr class="section {r.cls}"><td class="label" colspan="{1 + len(t.cols)}">'
                           f'{multiline(label)}</td></tr>')
                continue
            cells = [f'<td class="label {t.label_align}">{multiline(label)}</td>']
            for ci, c in enumerate(t.cols):
                value = r.vals.get(c.key)
                shown = self.v(f"{t.id}/{r.key}/{c.key}", value, r.fmt or c.fmt,
                               where={"table": t.title, "row": r.label.replace("\n", " "), "column": names[ci + 1]})
                extra = r.cell_cls.get(c.key, "")
                if isinstance(shown, Swatch):
                    extra += f" swatch sw-{shown.colour or 'none'}"
                    text = ""
                else:
                    text = multiline(shown)
                cells.append(f'<td class="{c.align} {c.cls} {extra}">{text}</td>')
            out.append(f'<tr class="{r.kind} {r.cls}">' + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        if note:
            out.append(f'<p class="tnote">{note}</p>')
        out.append("</div>")
        return "\n".join(out)

    # -- output -------------------------------------------------------------------------------
    def finish(self):
        """Name the sentence around each figure printed in prose (the manifest's 'sentence')."""
        for p in self.pages:
            markup = re.sub(r"</(p|h\d|div|td|th|li)>|<br>", "\n", " ".join(p.blocks))
            text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
            for line in text.split("\n"):
                line = " ".join(line.split())
                for sentence in SENTENCE_END.split(line):
                    for m in MARK_RE.finditer(sentence):
                        self.hits[m.group(1)]["where"] = {"sentence": MARK_RE.sub(lambda x: x.group(2), sentence)}

    def html(self, title, lang="sv"):
        page_css = []
        for p in self.pages:
            boxes = "".join(
                f' @{name} {{ content: {css_string(text)}; }}' for name, text in p.boxes.items())
            page_css.append(f"@page pg{p.number} {{ size: {p.size}; margin: {p.margin};{boxes} }}\n"
                            f"section.pg{p.number} {{ page: pg{p.number}; }}")
        box_rule = ""
        if self.box_css:
            names = sorted({n for p in self.pages for n in p.boxes})
            box_rule = "\n".join(f"@page {{ @{n} {{ {self.box_css} }} }}" for n in names)
        body = "\n".join(
            f'<section class="page pg{p.number} {p.cls}">\n' + "\n".join(p.blocks) + "\n</section>"
            for p in self.pages)
        body = MARK_RE.sub(lambda m: f'<span data-key="{m.group(1)}">{m.group(2)}</span>', body)
        return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{esc(title)}</title>\n<style>\n{BASE_CSS}\n{box_rule}\n"
                + "\n".join(page_css) + f"\n{self.css}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


BASE_CSS = """
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
section.page { break-after: page; }
section.page:last-child { break-after: auto; }
table { border-collapse: collapse; }
td.r, th.r { text-align: right; }
td.r { white-space: nowrap; }
td.l, th.l { text-align: left; }
td.c, th.c { text-align: center; }
tr { break-inside: avoid; }
.sw-grön { background: #4caf50; }
.sw-gul { background: #f2c230; }
.sw-röd { background: #d9372b; }
.sw-none { background: #ffffff; }
"""
