"""Tables as grids: what every source's tables become before any domain reader sees them.

A GridTable holds the printed table as the page shows it: its title and unit, its columns (the
header text of each, joined over the header's lines, and the spanning header above it), and its
rows (a label, one cell per column, the lines and page they are printed on). Cells keep their
printed text and, where they are a figure, its value and decimals. Nothing here knows what a
budget or an indicator is; `columns.py`-style roles are given by the domain readers.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class GridCell:
    text: str = ""  # as printed, whitespace folded
    kind: str = "blank"  # number | percent | empty (printed empty: "–", "Stängt") | text | blank (nothing printed)
    value: float | None = None
    decimals: int = 0
    unit: str = ""
    box: list | None = None  # [page, x0, top, x1, bottom]

    @property
    def is_figure(self) -> bool:
        return self.kind in ("number", "percent")


@dataclass(slots=True)
class GridColumn:
    header: str  # this column's own header, lines joined ("Total projektbudget", "Budgetavvikelse")
    parent: str = ""  # the header spanning it and its neighbours ("Kommunen" over "2024" and "2025")
    x0: float = 0.0
    x1: float = 0.0

    @property
    def name(self) -> str:
        """The header as one name: the spanning header first ("Kommunen 2024")."""
        return f"{self.parent} {self.header}".strip() if self.parent else self.header


@dataclass
class GridRow:
    label: str
    cells: list[GridCell]
    line: int  # first line (1-based, Document.lines) of the row
    end_line: int
    page: int | None
    kind: str = "data"  # data | section (a label over the rows below it) | spanning (text across the table)
    ref: str = ""  # a reference printed with the label: a project number "(6011)"
    box: list | None = None
    lines: list[str] = field(default_factory=list)  # the label's printed lines (wrapped names, paragraphs)
    numbers: list[int] = field(default_factory=list)  # the line number of each of `lines`, where known
    value_line: int = 0  # the line that prints the row's figures, where it is not the first


@dataclass
class GridTable:
    title: str
    columns: list[GridColumn]
    rows: list[GridRow] = field(default_factory=list)
    unit: str = ""
    label_header: str = ""  # the header of the label column ("Projekt (tkr)", "Belopp i mnkr")
    page: int | None = None
    line: int = 0  # first line of the table (its title or header)
    header_lines: list[int] = field(default_factory=list)
    end_line: int = 0
    pages: list[int] = field(default_factory=list)  # every page it is printed on (continued tables)
    continued: bool = False  # it went on over a page break
    problems: list[dict] = field(default_factory=list)  # rows or cells that could not be read
    source: str = "geometry"  # geometry | flat | sheet
    hint: str = ""  # what the header says the table is: indicator | activity | "" (figures)
    fragment: bool = False  # one row alone at the top of a page: only as a table's continuation
    fields: list[str] = field(default_factory=list)  # header-led tables: each column's field, the label's first
    all_lines: set[int] = field(default_factory=set)  # every line it occupies (title, header, rows)

    @property
    def data_rows(self) -> list[GridRow]:
        return [r for r in self.rows if r.kind == "data"]

    def column_names(self) -> list[str]:
        """One unique name per column: the header with its spanning header, numbered where two
        columns print the same ("Budget", "Budget (2)")."""
        names: list[str] = []
        for k, col in enumerate(self.columns):
            name = col.name or f"Kolumn {k + 1}"
            base, n = name, 2
            while name in names:
                name = f"{base} ({n})"
                n += 1
            names.append(name)
        return names
