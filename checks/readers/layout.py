"""What PDF-to-text extraction did to the page, undone as far as the text allows.

- Cell fragments: a narrow table column breaks words. A fragment that ends with a space ends a
  word; one that does not is glued to the next ("Stadsledningskon" + "toret").
- Page numbers: a lone 1-3 digit line after a gap of blank lines; it marks a page break and is
  not content (it may sit inside a table row or a name).
- Copies: the report body may appear twice (tjänsteutlåtande and bilaga). The copies are found
  as the longest self-repetition of the document, not by any heading of the sample.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

PAGE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*$")


def fold_spaces(text: str) -> str:
    """Whitespace runs as one space, the ends stripped: " ".join(text.split()), without splitting
    the many lines that hold only single spaces (every other whitespace is not printable)."""
    t = text.strip()
    return t if "  " not in t and t.isprintable() else " ".join(t.split())


def join_fragments(pieces: list[str]) -> str:
    """Join cell fragments: a trailing space means a word ended there, none means it goes on."""
    out: list[str] = []
    glue = False
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        if out and not glue:
            out.append(" ")
        out.append(piece)
        glue = not raw.endswith((" ", "\t", "\u00a0"))
    return fold_spaces("".join(out))


def join_prose(pieces: list[str]) -> str:
    """Join prose lines: lines are whole words, so join with spaces (hyphens kept as printed)."""
    return fold_spaces(" ".join([t for t in map(str.strip, pieces) if t]))


def lines_containing(lines: list[str], start: int, end: int, words: tuple[str, ...]) -> set[int]:
    """Indexes i in [start, end) whose lowered line contains one of `words` (lower case, no
    whitespace). One lowering and a str.find per word over the whole range: much cheaper than
    testing each line."""
    text = "\n".join(lines[start:end])
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer ("İ"): offsets would shift
        return {i for i in range(start, end) if any(w in lines[i].lower() for w in words)}
    hits = []
    for w in words:
        p = low.find(w)
        while p >= 0:
            hits.append(p)
            p = low.find(w, p + 1)
    found: set[int] = set()
    line, prev = start, 0
    for p in sorted(hits):  # the line of each hit: newlines counted from the previous hit on
        line += low.count("\n", prev, p)
        prev = p
        found.add(line)
    return found


def find_page_markers(lines: list[str]) -> dict[int, int]:
    """Line index (0-based) -> printed page number, for lone numbers after >= 2 blank lines."""
    markers: dict[int, int] = {}
    for i, line in enumerate(lines):
        # PAGE_NUMBER_RE without the regex: the stripped line is 1-3 digits (isdecimal is \d).
        number = line.strip()
        if len(number) > 3 or not number.isdecimal() or i < 2:
            continue
        if lines[i - 1].strip() or lines[i - 2].strip():
            continue
        if i + 1 < len(lines) and lines[i + 1].strip():
            continue
        markers[i] = int(number)
    return markers


def page_map(markers: dict[int, int], n_lines: int) -> dict[int, int]:
    """1-based line -> page, only where the page is known.

    A marker N starts page N (the number is printed at the top of the extracted page). The page
    is known up to the next marker only when that marker is N + 1; otherwise a page break we
    cannot see lies somewhere in between, and we say nothing rather than guess.
    """
    known: dict[int, int] = {}
    items = sorted(markers.items())
    for k, (idx, page) in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is None or nxt[1] != page + 1:
            continue
        for i in range(idx + 1, nxt[0]):
            known[i + 1] = page
    return known


@dataclass(frozen=True)
class Region:
    copy: int
    start: int  # 0-based, inclusive
    end: int  # 0-based, exclusive


def _normal(line: str) -> str:
    return fold_spaces(line).lower()


def find_copies(lines: list[str], markers: dict[int, int] | None = None) -> list[Region]:
    """Split the document into front matter (copy 0) and body copies 1..k.

    Significant lines (>= 25 characters, not page numbers) that occur exactly k times are anchor
    sets. The second copy starts at the earliest anchor whose following window is mostly
    repeated from its first occurrence's window; both starts are then extended backwards in
    lockstep over equal lines. Further copies start where the first copy's opening lines recur.
    Without such a repetition the whole document is one copy.
    """
    markers = markers or {}
    sig = []
    for i, line in enumerate(lines):
        s = line.strip()
        if len(s) >= 25 and i not in markers:
            sig.append((i, _normal(s)))
    counts = Counter(n for _, n in sig)
    window = max(8, min(120, len(sig) // 4))  # short documents repeat shorter bodies
    for times in (2, 3, 4):
        pos: dict[str, list[int]] = {n: [] for n, c in counts.items() if c == times}
        for k, (_, n) in enumerate(sig):
            if n in pos:
                pos[n].append(k)
        for b, a in sorted((p[1], p[0]) for p in pos.values()):
            if b - a < window // times:
                continue
            ahead_a = {n for _, n in sig[a:a + window]}
            ahead_b = [n for _, n in sig[b:b + window]]
            if sum(1 for n in ahead_b if n in ahead_a) < 0.6 * len(ahead_b):
                continue
            first, second = _walk_back(lines, sig[a][0], sig[b][0], markers)
            starts = [first, second] + _later_starts(lines, sig, first, second, markers)
            end = starts[2] if len(starts) > 2 else len(lines)
            if not _mostly_same(sig, first, second, end):
                continue  # a repeated stock sentence or table cell, not a repeated body
            regions = [Region(0, 0, first)] if first > 0 else []
            bounds = starts + [len(lines)]
            regions += [Region(c + 1, bounds[c], bounds[c + 1]) for c in range(len(starts))]
            return regions
    return [Region(1, 0, len(lines))]


def _mostly_same(sig: list[tuple[int, str]], first: int, second: int, end: int) -> bool:
    """Copies hold (nearly) the same lines: at least 70 % of each side's lines occur in the other."""
    one = [n for i, n in sig if first <= i < second]
    two = [n for i, n in sig if second <= i < end]
    if not one or not two:
        return False
    set_one, set_two = set(one), set(two)
    return (sum(n in set_one for n in two) >= 0.7 * len(two)) and (sum(n in set_two for n in one) >= 0.7 * len(one))


def _walk_back(lines: list[str], a_line: int, b_line: int, markers: dict[int, int]) -> tuple[int, int]:
    """Extend two matching positions backwards over equal lines (blanks and page numbers skipped)."""
    i, j = a_line, b_line
    while True:
        pi, pj = _prev_content(lines, i, markers), _prev_content(lines, j, markers)
        if pi is None or pj is None or pj <= a_line or _normal(lines[pi]) != _normal(lines[pj]):
            return i, j
        i, j = pi, pj


def _later_starts(lines: list[str], sig: list[tuple[int, str]], first: int, second: int,
                  markers: dict[int, int]) -> list[int]:
    """Starts of copies 3, 4 …: where copy 1's first line recurs, followed by copy 1's lines."""
    import bisect

    opening = _normal(lines[first])
    sig_lines = [i for i, _ in sig]
    normal_of = dict(sig)  # the significant lines are normalised already
    head = [n for i, n in sig if i >= first][:8]
    starts, last = [], second
    for i in range(max(last + 1, second + (second - first) // 2), len(lines)):
        if i <= last or (normal_of[i] if i in normal_of else _normal(lines[i])) != opening:
            continue
        k = bisect.bisect_left(sig_lines, i)
        follow = [n for _, n in sig[k:k + len(head)]]
        if sum(1 for x, y in zip(head, follow) if x == y) >= 0.75 * len(head):
            starts.append(i)
            last = i
    return starts


def _prev_content(lines: list[str], i: int, markers: dict[int, int]) -> int | None:
    k = i - 1
    while k >= 0 and (not lines[k].strip() or k in markers):
        k -= 1
    return k if k >= 0 else None
