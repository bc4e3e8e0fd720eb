"""Where a line ends a word, when the extraction dropped the trailing spaces that said so.

A narrow table column breaks its text into fragments; the extraction marks a fragment that ends
a word with a trailing space ("soliditet ") and one that ends inside a word with none
("budgetföl" + "jsamhet"). `pdftotext` without `-layout`, and most other extractors, strip
those spaces. Then every line break whose two sides are letters is decided here, as a
segmentation into words (a unigram model, as in word segmentation of text without spaces):

1. the document's own vocabulary: words printed whole elsewhere in the text (inside a line,
   between spaces), with their counts, weigh most: they are this report's words;
2. Swedish word frequencies (the `wordfreq` package, loaded only for such a text): words the
   document prints only broken ("budgetföljsamhet" never occurs whole in the sample);
3. Swedish compounding: two known words written together, the first possibly with the linking
   -s- ("pension" + "s" + "åtaganden"), form a word, a little less likely than the two apart;
4. an unknown word costs more the longer it is, so "Stockholmsj" + "obb" reads as one unknown
   word, not two.

A chain of fragments ("Kommun" / "koncerne" / "ns soliditet") is segmented as a whole (dynamic
programming over its pieces). A break the text decides by itself needs no vocabulary: after a
digit or a sentence mark, or before a capital, a word ends; after a hyphen it goes on. A name
whose end is printed after its values ("Medskap" / "80 85 83 2017" / " andeinde") is continued
where its end is printed, as the readers continue it.

The lines come back with a trailing space wherever a word ends, so that every reader downstream
works as on a text that kept its spaces.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from functools import lru_cache

# Punctuation that may stand around a word without being part of it.
_EDGE = ".,;:!?()[]{}\"'”“’«»…"
_LETTER = re.compile(r"[^\W\d_]")
_YEAR_END = re.compile(r"(?:19|20)\d\d$")
_DATE_END = re.compile(r"(?:19|20)\d\d-\d\d-\d\d$")  # an activity's dates close its values too
_DATE_OPEN = re.compile(r"(?:19|20)\d\d-\d\d-$")
_VALUES = re.compile(r"[\d\u2212+-]|(VB|T\d)\b")  # a row's values begin: a figure, a band, a period
MAX_PIECES = 8          # a word spans at most this many fragments (the sample's longest: 5)
COMPOUND = 2.0          # -log of how much less likely a compound is than its parts apart
UNKNOWN_BASE = 2.0      # an unknown word: dearer than the rarest word of the document ...
UNKNOWN_PER_LETTER = math.log(10.0)   # ... and ten times less likely for each letter more
MUNICIPAL_FREQUENCY = 1e-6  # rules/words.txt: as common as "skatteintäkter" in general Swedish
GENERAL_MASS = 20000.0  # the weight of general Swedish against the document's own words
PRODUCTIVE = 3          # a compound's first part begins at least this many words of general Swedish
CELL_WIDTH = 40         # lines at most this long may be table cells
WIDE = 0.75             # a word cut by the column is at least this share of its widest line


def has_word_ends(lines: list[str]) -> bool:
    """The extraction kept trailing spaces: at least 5 % of the content lines end with one (a
    text that kept them has them on most wrapped prose lines and on every word-ending cell)."""
    content = [ln for ln in lines if ln.strip()]
    return not content or sum(1 for ln in content if ln.endswith((" ", "\t"))) >= 0.05 * len(content)


def restore_word_ends(lines: list[str]) -> list[str]:
    """The lines with a trailing space wherever a word ends at the line break; unchanged when the
    extraction kept its trailing spaces."""
    if has_word_ends(lines):
        return lines
    lines = [ln.rstrip() for ln in lines]
    ends = word_ends(lines, Vocabulary.of(lines))
    return [ln + " " if i in ends else ln for i, ln in enumerate(lines)]


def _norm(token: str) -> str:
    return token.strip(_EDGE).lower()


class Vocabulary:
    """The cost (-log probability) of a word: the document's own words first, then general
    Swedish, compounds of known words, and unknown words by their length."""

    def __init__(self, counts: Counter, general: dict[str, float] | None = None):
        self.counts = counts
        self.general = general if general is not None else swedish_frequencies()
        self.sorted_general = sorted(self.general) if general is not None else sorted_swedish()
        self.total = float(sum(counts.values())) + GENERAL_MASS
        self.log_total = math.log(self.total)
        self._memo: dict[str, float] = {}

    @classmethod
    def of(cls, lines: list[str], general: dict[str, float] | None = None) -> Vocabulary:
        """Words printed whole: inside a line (spaces on both sides), or first on a line after a
        blank line when more follow on it."""
        counts: Counter = Counter()
        prev_blank = True
        for ln in lines:
            tokens = ln.split()
            if len(tokens) > 2 or (len(tokens) == 2 and prev_blank):
                whole = tokens[0 if prev_blank else 1:-1]
                counts.update(w for w in map(_norm, whole) if _LETTER.search(w))
            prev_blank = not tokens
        return cls(counts, general)

    def known(self, word: str) -> float | None:
        """Cost of a word the document or general Swedish knows, else None. A single letter is
        a word only where the document prints it as one ("i"): as a fragment it is a broken
        word's end ("medarbetar" + "e")."""
        mass = self.counts.get(word, 0)
        if len(word) > 1:
            mass += GENERAL_MASS * self.general.get(word, 0.0)
        return self.log_total - math.log(mass) if mass > 0 else None

    def begins_compounds(self, head: str) -> bool:
        """Does general Swedish write words that go on from `head` ("pensions": pensionsålder,
        pensionssystem …)? A genitive or a verb form that is a word of its own ("nämndens",
        "tagits") starts almost none: there the s ends the word."""
        words = self.sorted_general
        lo = bisect.bisect_left(words, head)
        hi = bisect.bisect_left(words, head + "\uffff", lo)
        return sum(1 for w in words[lo:hi] if len(w) >= len(head) + 3) >= PRODUCTIVE

    def unknown(self, word: str) -> float:
        return self.log_total + UNKNOWN_BASE + UNKNOWN_PER_LETTER * len(word)

    def is_word(self, word: str) -> bool:
        """Known, or a compound of known words."""
        w = _norm(word)
        return self.cost(w) < self.unknown(w)

    def cost(self, word: str) -> float:
        w = _norm(word)
        hit = self._memo.get(w)
        if hit is None:
            hit = self._memo[w] = self._cost(w)
        return hit

    def _cost(self, w: str) -> float:
        if not _LETTER.search(w):
            return 0.0
        known = self.known(w)
        if known is not None:
            return known
        best = self.unknown(w)
        for k in range(2, len(w) - 1):    # a compound: two known parts of two letters or more
            tail = self.known(w[k:])
            if tail is None:
                continue
            head = w[:k]
            heads = [self.known(head)]
            if head.endswith("s") and k > 3 and (heads[0] is None or self.begins_compounds(head)):
                heads.append(self.known(head[:-1]))  # the linking s: "pension" + "s" + "åtaganden"
            heads = [h for h in heads if h is not None]
            if heads:
                best = min(best, min(heads) + tail + COMPOUND)
        return best


@lru_cache(maxsize=1)
def swedish_frequencies() -> dict[str, float]:
    """Word -> frequency in general Swedish (wordfreq's large list), with the words of municipal
    reporting that it lacks (rules/words.txt) at the frequency of a common word. Without the
    package only that list and the document's own words decide."""
    try:
        from wordfreq import get_frequency_dict
        freq = dict(get_frequency_dict("sv", "large"))
    except ImportError:
        freq = {}
    for word in municipal_words():
        freq[word] = max(freq.get(word, 0.0), MUNICIPAL_FREQUENCY)
    return freq


def municipal_words() -> list[str]:
    from granska.rules import RULES_DIR

    text = (RULES_DIR / "words.txt").read_text(encoding="utf-8")
    return [w.strip().lower() for w in text.split("\n") if w.strip() and not w.startswith("#")]


@lru_cache(maxsize=1)
def sorted_swedish() -> list[str]:
    return sorted(swedish_frequencies())


def _glue_possible(left: str, right: str) -> bool:
    """Can the last token of a line and the first of the next be one word? Letters meet
    letters, and a capital starts a new word ("Index" after "Medskapandeindex"; an upper-case
    word as "RSA" may go on)."""
    if not (left and right and left[-1].isalpha() and right[0].isalpha()):
        return False
    return not (right[0].isupper() and not right.isupper())


def _hyphenated(line: str) -> bool:
    """A line that ends inside a hyphenated word ("LSS-" / "verksamhet", "2017-01-" / "01"),
    not with a dash ("kolanvändningen -", "+/-")."""
    token = line.rsplit(None, 1)[-1] if line.strip() else ""
    return token.endswith("-") and len(token) > 1 and token[-2].isalnum()


# "bostads- och arbetsmarknad": the hyphen stands for the word's end, which the next word shares.
_SHARED_END = frozenset({"och", "eller", "samt", "respektive", "resp.", "till", "som"})


def successors(lines: list[str], content: list[int]) -> dict[int, int]:
    """The line each content line's text goes on with: the next content line, except for a
    cell's text whose end is printed after its values or dates ("sommarjob" / values / page
    number / "b i stadens"): there, the line that starts in lower case after them."""
    nxt = {a: b for a, b in zip(content, content[1:])}
    for a, b in nxt.items():
        line = lines[a]
        if len(line) > CELL_WIDTH or not line[-1:].isalpha() or b == a + 1 or not _VALUES.match(lines[b].lstrip()):
            continue
        k, before = b, ""  # the values, up to the period or date that closes them (a target in words may come first)
        for _ in range(12):
            text = lines[k].strip()
            if text[:1].isupper() and not text.startswith(("VB", "T1", "T2", "T3")):
                break  # the next row's name: this one's end is not printed after its values
            if k not in nxt:
                break
            if _YEAR_END.search(text) or _closes_date(text, before):
                after = nxt[k]
                following = lines[after].strip()
                if following[:1].islower():
                    nxt[a] = after
                    break
                if not _VALUES.match(following):
                    break
                # "mäts ej 2019" / "2019": a target in words ends in a year too; the period follows
            k, before = nxt[k], text
    return nxt


def _closes_date(text: str, before: str) -> bool:
    """The line ends a date: "2019-12-31", or "31" after a line ending "2019-12-" (a date broken
    at its hyphen, as a narrow cell prints it)."""
    return bool(_DATE_END.search(text)) or (len(text) == 2 and text.isdigit() and bool(_DATE_OPEN.search(before)))


def word_ends(lines: list[str], vocab: Vocabulary) -> set[int]:
    """Indexes of the (right-stripped) lines that end a word."""
    from granska.checks.readers.layout import find_page_markers

    markers = find_page_markers(lines)
    content = [i for i, ln in enumerate(lines) if ln.strip() and i not in markers]
    tokens = {i: lines[i].split() for i in content}
    succ = successors(lines, content)
    width = column_widths(lines, content)
    decided: set[int] = set()
    ends: set[int] = set()
    for start in content:
        if start in decided:
            continue
        # A chain: a line, then lines of one token each that may continue its last word, then
        # the line whose first token closes it.
        chain = [start]
        while chain[-1] in succ and len(chain) <= 4 * MAX_PIECES:
            i, j = chain[-1], succ[chain[-1]]
            if _hyphenated(lines[i]) and tokens[j][0].lower() in _SHARED_END:
                ends.add(i)
                break
            if not (_hyphenated(lines[i]) or _glue_possible(tokens[i][-1], tokens[j][0])):
                break
            chain.append(j)
            if len(tokens[j]) > 1:
                break
        closed = len(chain) > 1 and len(tokens[chain[-1]]) > 1
        members = chain[:-1] if closed else chain
        ends |= _segment(lines, chain, tokens, vocab, closed, width.get(start, 0))
        decided.update(members)
    return ends


def column_widths(lines: list[str], content: list[int]) -> dict[int, int]:
    """Each content line's column width, as far as the text shows it: the longest line of its
    block (lines without a blank between)."""
    out: dict[int, int] = {}
    block: list[int] = []
    for i in content + [-2]:
        if block and i != block[-1] + 1:
            widest = max(len(lines[k]) for k in block)
            out.update((k, widest) for k in block)
            block = []
        block.append(i)
    return out


def _segment(lines: list[str], chain: list[int], tokens: dict, vocab: Vocabulary, closed: bool,
             width: int) -> set[int]:
    """Which lines of a chain end a word: the segmentation of its pieces whose words cost least.

    pieces: the first line's last token, the one-token lines, the closing line's first token.
    A line of several words is wrapped at a word's end unless its last word is too wide for the
    column by itself (a word that fits is moved to the next line whole): a word that goes on
    from it is at least about as long as the column is wide (WIDE of its widest line). A chain
    that is not closed stops where nothing can continue its last word; that word ends there
    unless it is unknown (it may go on after something else: a broken name's end)."""
    pieces = [tokens[chain[0]][-1]] + [tokens[i][0] for i in chain[1:]]
    n = len(pieces)
    # a line of words (not of values, whose last cell has its own narrow column)
    wrapped = len(tokens[chain[0]]) > 1 and not any(t[:1].isdigit() for t in tokens[chain[0]])
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_PIECES), end):
            if start > 0 and _hyphenated(lines[chain[start - 1]]):
                continue  # a word goes on after a hyphen at a line end
            word = "".join(pieces[start:end])
            if start == 0 and end > 1 and wrapped and len(word) < WIDE * width and not _hyphenated(lines[chain[0]]):
                continue
            cost = best[start] + vocab.cost(word)
            if cost < best[end]:
                best[end], back[end] = cost, start
    ends = set()
    end = n
    while end > 0:
        start = back[end]
        if start > 0:
            ends.add(chain[start - 1])
        end = start
    last = chain[-1]
    if not closed and not _hyphenated(lines[last]):
        word = "".join(pieces[back[n]:])
        if not word[-1:].isalpha() or vocab.is_word(word) or last + 1 in tokens:
            ends.add(last)  # a known word, or the next line (no blank between) cannot go on with it
    return ends
