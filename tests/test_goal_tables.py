"""Goal tables read from the page: a row of the table is one goal, whatever its title's wrapping.

Synthetic pages (words at positions), not fixtures: a Word table ruled cell by cell, whose last
title line is an acronym in capitals, and a table set close together without rulings, whose
verdicts are words.
"""
from __future__ import annotations

from granska.checks.readers.headed_tables import find_headed, to_grid
from granska.checks.readers.pages import Line, Rule, Word, chunk_words

SIZE = 10.0


def _line(number: int, top: float, cells: list[tuple[float, str]]) -> Line:
    words = []
    for x, text in cells:
        for part in text.split():
            width = 5.0 * len(part)
            words.append(Word(part, x, x + width, top, top + SIZE, SIZE))
            x += width + 2.5
    line = Line(words, 1, number)
    line.chunks = chunk_words(words)
    return line


def _goals(lines, rules):
    tables, _ = find_headed(lines, rules)
    grids = [to_grid(t) for _, _, t in tables if t.kind == "goal"]
    assert len(grids) == 1
    return [(r.label, r.cells[0].text) for r in grids[0].data_rows]


# columns: Mål at 50, Måluppfyllelse at 300, Analys at 400
ROWS = [
    [(50, "Mål"), (300, "Måluppfyllelse"), (400, "Analys")],
    [(50, "Fler deltar i verksamheten inom"), (300, "Uppfyllt"), (400, "Deltagandet ökade till 64 %.")],
    [(50, "LSS"), (400, "målet var 60 %.")],
    [(50, "Kötiden är kort"), (300, "Delvis uppfyllt"), (400, "Kötiden var 41 dagar.")],
]


def _cell_borders(y: float) -> list[Rule]:
    """A Word table's border drawn cell by cell: one segment per column at height y."""
    return [Rule(45, y, 295, y), Rule(295, y, 395, y), Rule(395, y, 560, y)]


def test_a_ruled_table_keeps_a_titles_last_line_in_capitals_in_its_row():
    tops = [100, 116, 128, 144]
    lines = [_line(n + 1, top, cells) for n, (top, cells) in enumerate(zip(tops, ROWS))]
    rules = _cell_borders(98) + _cell_borders(114) + _cell_borders(142) + _cell_borders(156)
    assert _goals(lines, rules) == [("Fler deltar i verksamheten inom LSS", "Uppfyllt"),
                                    ("Kötiden är kort", "Delvis uppfyllt")]


def test_an_unruled_table_starts_a_goal_at_its_verdict():
    tops = [94, 112, 124, 136]  # the rows set close together, no gap between them
    lines = [_line(n + 1, top, cells) for n, (top, cells) in enumerate(zip(tops, ROWS))]
    assert _goals(lines, []) == [("Fler deltar i verksamheten inom LSS", "Uppfyllt"),
                                 ("Kötiden är kort", "Delvis uppfyllt")]


def test_a_goal_with_its_verdict_left_blank_is_a_row_of_its_own():
    rows = ROWS[:3] + [[(50, "Väntetiden är kort"), (400, "Väntetiden var 74 dagar.")]]
    tops = [94, 112, 124, 136]
    lines = [_line(n + 1, top, cells) for n, (top, cells) in enumerate(zip(tops, rows))]
    assert _goals(lines, []) == [("Fler deltar i verksamheten inom LSS", "Uppfyllt"),
                                 ("Väntetiden är kort", "")]
