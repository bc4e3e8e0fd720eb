"""Random reports in the text layout of a PDF-to-text extraction, with their true tables.

`generate(seed)` builds a random verksamhetsberättelse (goals, indicator and activity tables, a
budget table, prose that repeats the budget's figures) and renders it the way the extraction of
the sample `datasets/stockholm-ks-vb-2017.txt` looks: front matter once, then the report body
`copies` times, narrow table columns broken into fragments, empty cells dropped, values wrapped
inside their cells, page numbers between lines. Next to the text it returns the tables a perfect
reader would produce (`GeneratedReport.truth`, columns of docs/DESIGN.md plus `line`/`copy`).

Layout rules reproduced (all seen in the sample):
- goals: "KF:s inriktningsmål:" / "1. <title>", "KF:s mål för verksamhetsområdet:" / "1.1 <title>"
  (title over 1-2 lines), a blank line, " Uppfylls helt|delvis|inte" (leading space), "Analys" and
  paragraphs; "Nämndmål:" / title over 1-3 lines / status / Analys.
- cell fragments: a narrow column breaks a text into fragments; a fragment that ends inside a word
  has no trailing space, one that ends at a word end has one, the last has none. Joining the
  fragments with "" gives the text back (`_wrap_cell`).
- indicator rows: name fragments, a blank line, then the present values on one line separated by
  single spaces, EMPTY CELLS VANISH; a value too wide for its column wraps ("2 460 \\nst",
  "8 \\n500 \\nst"), and after a wrapped cell the next cells start after a blank line; the period
  ("2017", or "VB 2017" which always wraps to "VB \\n2017") is the last cell. Sometimes the end of
  the name is printed after the values (" efter \\nresultatö\\nverföring\\nar", leading space).
- activity rows: text over ~35-character lines, a blank, "2017-01-\\n01", a blank,
  "2017-12-\\n31"; a deviating activity adds "\\n\\nAvvikel\\nse\\n\\nAnalys\\n<paragraph>". The end of
  the text is sometimes printed after the dates (leading space), like the sample's line 928.
- budget table: "<title fragment> Justerad Bokfört Avvikelse" / "mnkr budget 2017 171231",
  sections with Kostnader/Intäkter/Netto, Summa drift, Investeringar, "Totalt netto inkl \\n
  investeringar ..." (or headers "Budget Utfall Avvikelse" / "Budget Utfall Återstår"); Swedish
  numbers (space thousands separator, decimal comma, "-" or U+2212 minus). Values are rounded
  from hidden values with one more decimal, so printed sums hold only within rounding, as in the
  sample (Bidrag 612,0 603,5 8,6).
- prose repeats the figures: the net result ("nettoöverskott på X miljoner kronor" = Summa netto
  deviation), investments, "Ombudgeteringar ... totalt A ..., varav B ... C ..." with A = B + C,
  and the same B and C in the decision points of the front matter.
- page numbers: "\\n\\n\\n<n>\\n\\n" replaces the separator between two lines now and then, also
  inside tables; inside an indicator name or an activity text the row is split, the rest of the
  name following the page number after the values (sample lines 1849-1860). Each copy has its own
  page breaks; apart from them the copies are identical.
- occasional leading spaces on line starts and a missing blank line before a heading.

Indicator rows are generated with a bias towards rows whose printed values can be assigned to the
six value columns in only one way (see `plausible_assignments`); every truth row says whether it
is `decodable`.

Only the standard library is imported at module level; hypothesis is imported in `strategy()`.
"""
from __future__ import annotations

import copy as _copy
import json
import random
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from granska.checks.numbers import format_number

FIELDS = ("outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target")
MINUS_SIGN = "\u2212"
_PAGE = "\x00PAGE"  # marker line: a page break goes here (always shown)


# --------------------------------------------------------------------------------------------
# result


@dataclass
class GeneratedReport:
    """A generated report: the text, the tables a perfect reader returns, and metadata.

    truth: table name -> rows (dicts). Every row has `line` (1-based line in `text` of the row's
    first source line) and `copy` (1, 2, ...). meta: organisation, kind, year, copies, plus the
    generation parameters and the figures repeated in the prose.
    spans: where each value is printed, used by `mutate` (copy, table, row) -> field -> [line,
    start, end] (line 1-based, columns 0-based, end exclusive).
    """

    text: str = field(repr=False)
    truth: dict[str, list[dict]] = field(repr=False)
    meta: dict[str, Any] = field(repr=False)
    spans: dict = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        p = self.meta.get("params", {})
        args = ", ".join(f"{k}={v!r}" for k, v in p.items() if k != "seed")
        return f"GeneratedReport(generate({p.get('seed')!r}, {args}))"

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis / IPython pretty printing
        printer.text(repr(self))

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


# --------------------------------------------------------------------------------------------
# text widths (proportional font, in em) and wrapping

_W: dict[str, float] = {}
for _c in "ijl|":
    _W[_c] = 0.222
for _c in "ftI!.,:;' \u00a0":
    _W[_c] = 0.278
for _c in "r()-":
    _W[_c] = 0.333
for _c in "mM":
    _W[_c] = 0.833
for _c in "szcykvx/":
    _W[_c] = 0.5
for _c in "ABCDEFGHJKLNOPQRSTUVXYZÅÄÖÉ":
    _W[_c] = 0.667
_W.update({"w": 0.722, "W": 0.944, "%": 0.889, "+": 0.584, "\x01": 0.0, "\x02": 0.0})


def _tw(s: str) -> float:
    return sum(_W.get(c, 0.556) for c in s)


def _wrap_cell(text: str, width: float, cut_words: bool = True) -> list[str]:
    """Break `text` into the fragments a narrow table column shows.

    Greedy by words; a word wider than the column is cut where it stops fitting (that fragment
    gets no trailing space); a hyphenated word may be cut after its hyphen. Every fragment that
    ends at a word end keeps its trailing space, the last fragment has none, so
    "".join(fragments) == text. With cut_words=False (numbers) words are never cut.
    """
    words = text.split(" ")
    out: list[str] = []
    cur = ""
    for w in words:
        cand = w if not cur else cur + " " + w
        if _tw(cand) <= width:
            cur = cand
            continue
        if cur:
            j = w.find("-") if cut_words else -1
            if 0 < j < len(w) - 1 and _tw(cur + " " + w[: j + 1]) <= width:
                out.append(cur + " " + w[: j + 1])
                w = w[j + 1:]
                cur = ""
            else:
                out.append(cur + " ")
                cur = ""
        while cut_words and _tw(w) > width:
            j = w.find("-")
            if 0 < j < len(w) - 1 and _tw(w[: j + 1]) <= width:
                k = j + 1
            else:
                k = 1
                while k < len(w) and _tw(w[: k + 1]) <= width:
                    k += 1
            out.append(w[:k])
            w = w[k:]
        cur = w
    if cur:
        out.append(cur)
    return out


_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def _wrap_prose(text: str, width: float) -> list[str]:
    """Wrap running text at word boundaries; every line but the last keeps a trailing space.

    Thousands-separated numbers ("7 400") are never broken.
    """
    words = _THOUSANDS.sub("\u00a0", text).split(" ")
    lines: list[str] = []
    cur = ""
    for w in words:
        cand = w if not cur else cur + " " + w
        if cur and _tw(cand) > width:
            lines.append(cur + " ")
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return [ln.replace("\u00a0", " ") for ln in lines]


def _join_prose(pieces: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(p.strip() for p in pieces if p.strip())).strip()


# --------------------------------------------------------------------------------------------
# numbers




def fmt_num(q: int, d: int, minus: str = "-") -> str:
    """A number as a report prints it, from a scaled integer: fmt_num(-19502, 1) == "-1 950,2"
    (checks.numbers.format_number in the report's own style: plain spaces, the given minus)."""
    return format_number(q / 10 ** d, d, minus=minus, group=" ")


def _parse(text: str) -> tuple[int, int]:
    """'1 950,2' -> (19502, 1)."""
    neg = text[0] in "-\u2212"
    body = text.lstrip("-\u2212").replace(" ", "")
    ip, _, fp = body.partition(",")
    q = int(ip + fp)
    return (-q if neg else q), len(fp)


def _rdiv(x: int, k: int) -> int:
    """x / k rounded half away from zero (integers only, no float drift)."""
    q, r = divmod(abs(x), k)
    if 2 * r >= k:
        q += 1
    return q if x >= 0 else -q


def _norm(q: int, d: int) -> tuple[int, int]:
    while d > 0 and q % 10 == 0:
        q //= 10
        d -= 1
    return q, d


@dataclass
class _Num:
    q: int
    d: int
    unit: str = ""
    glued: bool = False  # "76,9%" instead of "76,9 %"

    @property
    def value(self) -> float:
        return self.q / 10 ** self.d

    def text(self) -> str:
        s = fmt_num(self.q, self.d)
        if not self.unit:
            return s
        return s + ("" if self.glued else " ") + self.unit


@dataclass
class _Txt:
    """A cell printed as words ("tas fram av nämnden") or as a band ("+/- 1 %")."""
    words: str
    band: float | None = None  # half-width for bands

    def text(self) -> str:
        return self.words


# --------------------------------------------------------------------------------------------
# column assignment


# A city-wide indicator ("Stadens …"): in a board's report its outcome is not known yet (the
# city's accounts close later), so a row that prints one value prints KF's target (IND011).
_CITY_WIDE = re.compile(r"^(Stadens|Kommunkoncernens)\s")


def plausible_assignments(values: list, unit: str, name: str = "") -> list[tuple[str, ...]]:
    """All ways to put a row's printed values into the six indicator value columns.

    `values` are the row's printed values in order (the period excluded): a number (int/float)
    for a numeric cell, a str for a cell printed as words or as a band ("fastställs 2017",
    "+/- 1 %"). `unit` is the unit printed with the first value ("st", "%", "" ...).
    An assignment is an order-preserving choice of one column per value from FIELDS (outcome,
    outcome_men, outcome_women, previous, target, kf_target) that satisfies:
    - an outcome is present whenever any value is, except that the one value of a city-wide
      indicator (`name` "Stadens …") may also be a target;
    - outcome_men and outcome_women are both present or both absent;
    - with both present: for counts (unit "st") men + women == outcome; for every other unit
      (rates "%", indices, days, kronor) the outcome lies between men and women;
    - cells printed as words or bands only go to target or kf_target.
    Returns the list of assignments as tuples of field names (one name per value). A row is
    decodable when exactly one assignment remains.
    """
    n = len(values)
    out: list[tuple[str, ...]] = []
    if n > len(FIELDS):
        return out
    if n == 1 and _CITY_WIDE.match(name):
        out += [("target",), ("kf_target",)] if not isinstance(values[0], str) or "+/-" not in values[0] else []
    for combo in combinations(range(len(FIELDS)), n):
        names = tuple(FIELDS[i] for i in combo)
        if n and "outcome" not in names:
            continue
        if ("outcome_men" in names) != ("outcome_women" in names):
            continue
        ok = True
        for name, v in zip(names, values):
            if isinstance(v, str) and name not in ("target", "kf_target"):
                ok = False
                break
        if not ok:
            continue
        if "outcome_men" in names:
            got = dict(zip(names, values))
            o, m, w = got["outcome"], got["outcome_men"], got["outcome_women"]
            if unit == "st":
                if abs((m + w) - o) > 1e-9 * max(1.0, abs(o)):
                    continue
            elif not (min(m, w) - 1e-12 <= o <= max(m, w) + 1e-12):
                continue
        out.append(names)
    return out


_GROUP_FIRST = re.compile(r"^[-\u2212]?(0|[1-9]\d{0,2})(,\d+)?$")
_GROUP_MORE = re.compile(r"^\d{3}(,\d+)?$")


def budget_readings(values_text: str) -> list[tuple[float, float, float]]:
    """All ways to read a budget row's printed figures as (budget, actual, deviation).

    The figures of a row are printed with spaces both inside numbers ("1 950,2") and between
    them, so "345 890 384 437 -38 547" (tkr) can be grouped in several ways. A grouping is a
    split of the space-separated tokens into three numbers (a number: optional minus and 1-3
    digits, then groups of exactly 3 digits, a decimal part only at its end) whose third number
    is the difference of the first two, in either order, within one unit of the last printed
    decimal (each figure is rounded on its own). A row is decodable when exactly one grouping
    remains; with decimals (mnkr) the commas make every row decodable.
    """
    toks = values_text.split()
    out: list[tuple[float, float, float]] = []

    def walk(i: int, nums: list[str]):
        if i == len(toks):
            if len(nums) == 3:
                qs = [_parse(n) for n in nums]
                d = max(x[1] for x in qs)
                v = [q * 10 ** (d - dd) for q, dd in qs]
                if abs(v[2] - (v[0] - v[1])) <= 1 or abs(v[2] - (v[1] - v[0])) <= 1:
                    out.append(tuple(q / 10 ** dd for q, dd in qs))
            return
        if len(nums) > 3:
            return
        t = toks[i]
        if _GROUP_FIRST.match(t) and len(nums) < 3:
            walk(i + 1, nums + [t])
        if nums and _GROUP_MORE.match(t) and "," not in nums[-1]:
            walk(i + 1, nums[:-1] + [nums[-1] + " " + t])

    walk(0, [])
    return out


# --------------------------------------------------------------------------------------------
# content pools

_ORGS = [
    # (nämnd as printed, office, office genitive, first budget section)
    ("kommunstyrelsen", "Stadsledningskontoret", "Stadsledningskontorets", "SLK"),
    ("kulturnämnden", "Kulturförvaltningen", "Kulturförvaltningens", "Nämnd och förvaltning"),
    ("idrottsnämnden", "Idrottsförvaltningen", "Idrottsförvaltningens", "Nämnd och förvaltning"),
    ("äldrenämnden", "Äldreförvaltningen", "Äldreförvaltningens", "Nämnd och förvaltning"),
    ("arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen", "Arbetsmarknadsförvaltningens",
     "Nämnd och förvaltning"),
    ("trafiknämnden", "Trafikkontoret", "Trafikkontorets", "TK"),
    ("socialnämnden", "Socialförvaltningen", "Socialförvaltningens", "SOF"),
    ("servicenämnden", "Serviceförvaltningen", "Serviceförvaltningens", "SF"),
    ("miljö- och hälsoskyddsnämnden", "Miljöförvaltningen", "Miljöförvaltningens", "MF"),
    ("Norrmalms stadsdelsnämnd", "Norrmalms stadsdelsförvaltning", "Norrmalms stadsdelsförvaltnings",
     "Nämnd och förvaltning"),
]

_INRIKTNING = {
    1: "Ett Stockholm som håller samman",
    2: "Ett klimatsmart Stockholm",
    3: "Ett ekonomiskt hållbart Stockholm",
    4: "Ett demokratiskt hållbart Stockholm",
}

_KF_GOALS = {
    1: ["Alla barn i Stockholm har goda och jämlika uppväxtvillkor",
        "Tidiga sociala insatser skapar jämlika livschanser för alla",
        "Stockholm är en stad med levande och trygga stadsdelar",
        "Stockholm är en stad med högt bostadsbyggande där alla kan bo",
        "Stockholm har ett rikt utbud av idrott och fritid som är tillgängligt för alla",
        "Alla stockholmare har nära till kultur och eget skapande",
        "Alla äldre har en trygg ålderdom och får en äldreomsorg av god kvalitet"],
    2: ["Energianvändningen är hållbar",
        "Transporter i Stockholm är miljöanpassade",
        "Stockholm har en hållbar mark- och vattenanvändning",
        "Stockholms kretslopp är resurseffektiva",
        "Stockholms miljö är giftfri"],
    3: ["Stockholm är en världsledande kunskapsregion",
        "Stockholm är en företagsvänlig stad",
        "Fler jobbar, har trygga anställningar och försörjer sig själva",
        "I Stockholm är det enkelt att utbilda sig genom hela livet",
        "Stockholms stads ekonomi är långsiktigt hållbar"],
    4: ["Stockholm är en jämställd stad där makt och resurser fördelas lika",
        "Stockholms stad är en bra arbetsgivare med goda arbetsvillkor",
        "Stockholm är en stad som lever upp till mänskliga rättigheter och är fritt från "
        "diskriminering",
        "Stockholm är en stad som respekterar och lever upp till barnets rättigheter i enlighet "
        "med FN:s barnkonvention",
        "Stockholm är en stad där ingen behöver vara rädd för våld",
        "Stockholm är en tillgänglig stad för alla"],
}

_NAMNDMAL = [
    "Stadens verksamhet för barn och ungdomar håller en hög kvalitet",
    "Stadens verksamheter har en samordnad planering under nämndens ledning",
    "De sociala skillnaderna för barn och unga i Stockholm minskar",
    "Stadens verksamheter bidrar till en mer jämlik tillgång till stadskvalitéer",
    "Stadens mål för bostadsbyggande uppnås genom samordning, uppföljning och helhetssyn",
    "Stadens utbyggnation för idrottslivet sker med ett stadsövergripande synsätt",
    "Äldres livsvillkor och behov beaktas av stadens verksamheter och äldreomsorgen har en god "
    "kvalitet oavsett utförare",
    "Staden har arbetssätt för att nå målet om utsläppen av växthusgaser",
    "Miljöbelastningen från förvaltningens resor minskar",
    "Staden har metoder och arbetssätt för att förebygga effekter av ett förändrat klimat",
    "Förvaltningen har rutiner för återbruk och hantering av avfall",
    "Förvaltningen upphandlar varor och tjänster som inte är skadliga för miljö och människor",
    "Stockholm har ett innovativt och konkurrenskraftigt näringsliv genom strategisk samordning "
    "av stadens insatser",
    "Stadens verksamheter utvecklar metoder för ökad inkludering på arbetsmarknaden",
    "Stadens investeringsprojekt styrs med fokus på driftskostnader och investeringsutgifter i "
    "syfte att få en hållbar balans mellan lönsamma och icke lönsamma projekt",
    "Stadens verksamheter styrs och följs upp för att säkra en långsiktig balans i ekonomin.",
    "Stadens kompetensförsörjning säkerställs genom ett strategiskt arbete",
    "Stadens medarbetare har förutsättningar att fatta rättssäkra beslut",
    "Stadens verksamheter har kunskap om mänskliga rättigheter och dess betydelse för arbetet att "
    "förebygga diskriminering",
    "Stockholm är en smart och uppkopplad stad som tar vara på digitaliseringens möjligheter till "
    "effektiviseringar.",
    "Stadens upphandlingar bidrar till ekologisk och social hållbarhet",
    "Invånarna är nöjda med stadens service och bemötande",
    "Förvaltningens lokaler används effektivt och är tillgängliga för alla",
    "Stöd och service för personer med funktionsnedsättning håller en hög kvalitet och stadens "
    "verksamheter följer programmet för delaktighet",
]

_SENTENCES = [
    "{Office} arbetar systematiskt med att utveckla verksamheten i enlighet med "
    "kommunfullmäktiges mål.",
    "Under året har arbetet fokuserat på att stärka samverkan mellan förvaltningar och bolag.",
    "Arbetet sker i nära samarbete med berörda nämnder och bolagsstyrelser.",
    "Uppföljningen visar att insatserna har bidragit till en ökad kvalitet i verksamheten.",
    "En struktur för uppföljning och styrning har tagits fram och ska utvecklas vidare under "
    "kommande år.",
    "Nämnden har under året haft en samordnande och pådrivande roll i detta arbete.",
    "Ett flertal utredningar har genomförts och resultaten har presenterats för nämnden.",
    "Dialogen med stadens invånare och det lokala näringslivet har utvecklats under året.",
    "Fokus har legat på att säkerställa en god kvalitet och en effektiv resursanvändning.",
    "Medarbetarnas kompetens har stärkts genom utbildningsinsatser och erfarenhetsutbyte.",
    "Arbetet bedrivs med utgångspunkt i stadens program och riktlinjer på området.",
    "Samverkan med externa aktörer har ökat och flera gemensamma projekt har startats.",
    "Planeringen för kommande år har påbörjats och ska stämmas av med berörda nämnder.",
    "Nya rutiner har införts för att förenkla arbetet och minska den administrativa bördan.",
    "Under hösten genomfördes en enkät som visar att de flesta är nöjda med verksamheten.",
    "Arbetet med digitalisering av verksamhetens processer har fortsatt under året.",
    "Insatserna har riktats särskilt mot ytterstadens stadsdelar.",
    "{Office} har bistått övriga förvaltningar med råd och stöd inom området.",
    "En översyn av arbetssätt och ansvarsfördelning har genomförts under perioden.",
    "Erfarenheterna från tidigare år har tagits tillvara i det fortsatta arbetet.",
    "Resultaten redovisas löpande för nämnden och används i verksamhetsplaneringen.",
    "Flera av insatserna är långsiktiga och kommer att pågå under de närmaste åren.",
    "Ett nätverk för erfarenhetsutbyte mellan stadens verksamheter har etablerats.",
    "Arbetet har bidragit till att stärka stadens position och varumärke.",
]

_SUBJECTS = ["Förvaltningen", "Nämnden", "{Office}", "Verksamheten", "Staden",
             "Avdelningen för {area}", "Enheten för {area}", "Ledningsgruppen"]
_PERIODS = ["året", "hösten", "våren", "perioden", "första halvåret", "andra halvåret"]
_DID = ["arbetat med att utveckla", "genomfört en översyn av", "tagit fram en plan för",
        "fortsatt arbetet med", "följt upp", "stärkt samverkan kring", "påbörjat ett arbete med",
        "utrett förutsättningarna för", "förbättrat rutinerna för", "prioriterat"]
_AREAS = ["ekonomi", "kommunikation", "stadsutveckling", "kultur", "idrott", "miljö", "personal",
          "upphandling", "digitalisering", "trygghet", "välfärd", "fastigheter", "integration"]
_MORE_OBJECTS = ["den interna kontrollen", "uppföljningen av verksamhetens resultat",
                 "samarbetet med civilsamhället", "stadens service till invånarna",
                 "introduktionen av nya medarbetare", "arbetsmiljön på arbetsplatserna",
                 "dialogen med det lokala näringslivet", "kvaliteten i handläggningen",
                 "energieffektiviseringen av lokalerna", "tillgängligheten i stadens lokaler",
                 "stödet till föreningslivet", "barns och ungas inflytande",
                 "informationen på stadens webbplats", "krisberedskapen i verksamheten"]
_RESULTS = ["har fortsatt enligt plan", "har gett goda resultat", "har försenats något",
            "har utvärderats med positivt resultat", "ska slutföras under nästa år",
            "har bidragit till en ökad kvalitet", "har lett till ett bättre samarbete",
            "har mottagits väl av medarbetarna", "kommer att utvecklas vidare"]
_WHY = ["för att säkerställa en god kvalitet", "i syfte att öka effektiviteten",
        "med fokus på invånarnas behov", "i enlighet med kommunfullmäktiges mål",
        "för att minska den administrativa bördan", "tillsammans med berörda förvaltningar",
        "med stöd av externa experter", "inom befintlig budgetram"]

_MISS_SENTENCES = [
    "Årsmålet för indikatorn {ind} nåddes inte.",
    "Målet för {ind} nåddes inte under året, vilket förklaras av förseningar i arbetet.",
]
_PARTLY_SENTENCES = [
    "Målet har därför bedömts som delvis uppfyllt.",
    "Flera av de planerade insatserna har försenats, och målet nåddes inte fullt ut.",
]
_NOT_SENTENCES = [
    "Målet nåddes inte under året.",
    "De planerade insatserna har inte kunnat genomföras, och målet nåddes inte.",
]

_ACTORS = ["Nämnden", "Förvaltningen", "Kommunstyrelsen", "Utbildningsnämnden", "Socialnämnden",
           "Äldrenämnden", "Arbetsmarknadsnämnden", "Stadsdelsnämnderna"]
_PARTNERS = ["kommunstyrelsen", "utbildningsnämnden", "socialnämnden", "stadsdelsnämnderna",
             "arbetsmarknadsnämnden", "exploateringsnämnden", "trafiknämnden",
             "Stockholms Stadshus AB", "berörda nämnder och bolag", "civilsamhället"]
_VERBS = ["ta fram en strategi för", "utreda förutsättningarna för", "utveckla formerna för",
          "genomföra en förstudie om", "följa upp och samordna", "ta fram riktlinjer för",
          "kartlägga och analysera", "säkerställa genomförandet av", "se över",
          "utarbeta stadsövergripande modeller för"]
_OBJECTS = ["stadens arbete med sociala investeringar",
            "ett gemensamt budgetverktyg för samtliga stadens nämnder",
            "kompetensförsörjningen i staden med särskilt fokus på välfärdsyrken",
            "publikt wifi i stadens egna lokaler och på gator och torg",
            "en modell för medborgarbudget", "samlastning av stadens egna varuleveranser",
            "lokala demokratistärkande aktiviteter", "klimatanpassning av befintlig stadsmiljö",
            "en stadsgemensam hyresförhandlingsfunktion",
            "idéburet offentligt partnerskap", "stadens lokalförsörjning",
            "benchmark och resultatbaserad styrning", "arbetet mot våld i nära relationer",
            "mottagandet av nyanlända i eget boende", "stadens innovationsstrategi",
            "jämställdhetsanalyser i budgetprocessen", "uppföljningen av bostadsmålet",
            "e-arkivet för stadsgemensamma system", "tillgängligheten i stadens lokaler",
            "stadens arbete med barnets rättigheter"]
_EXTRAS = ["i syfte att öka effektiviteten", "med fokus på ytterstaden",
           "så att resurserna används där de gör mest nytta",
           "och redovisa resultatet till nämnden", "i enlighet med stadens program",
           "för att säkerställa likställighet och hög kvalitet"]

_DEVIATIONS = [
    "Arbetet har påbörjats men har inte avslutats under året då en översyn av hela "
    "verksamheten ska göras först.",
    "Aktiviteten har försenats till följd av kvalitetsmässiga problem med leveranserna i "
    "projektet.",
    "Arbetet fortgår med inriktningen att stadsdelsnämnderna har huvudansvar för processen.",
    "Arbetet är ännu inte helt klart och beräknas slutföras under nästa år.",
    "Aktiviteten har inte kunnat genomföras fullt ut på grund av vakanser under året.",
    "Planering och förberedelser pågår, men starten för det tekniska utvecklingsarbetet är "
    "försenad.",
]

# indicator pool: name, unit, kind (count/rate/band/other), direction, gender split possible
_INDICATORS = [
    ("Andel genomförda åtgärder inom ramen för risk- och sårbarhetsanalys (RSA)", "%", "rate",
     "higher", False),
    ("Antal färdigställda studentbostäder", "st", "count", "higher", False),
    ("Antal aspiranter som fått Stockholmsjobb", "st", "count", "higher", True),
    ("Antal praktiktillfällen som genomförs inom stadens verksamheter av de aspiranter som "
     "Jobbtorg Stockholm matchar", "st", "count", "higher", True),
    ("Antal tillhandahållna platser för sommarjobb", "st", "count", "higher", False),
    ("Antal ungdomar som fått sommarjobb i stadens regi", "st", "count", "higher", True),
    ("Andel av befolkningen, 25-64 år, med eftergymnasial utbildning", "%", "rate", "higher",
     True),
    ("Andel tjänsteutlåtanden som innehåller en jämställdhetsanalys", "%", "rate", "higher",
     False),
    ("Nämndens budgetföljsamhet efter resultatöverföringar", "%", "rate", "higher", False),
    ("Nämndens prognossäkerhet T2", "%", "band", "band", False),
    ("Stadens ekonomiska resultat (lägst)", "mnkr", "other", "higher", False),
    ("Stadens kapitalkostnader per nettodriftskostnader (max)", "%", "rate", "lower", False),
    ("Aktivt Medskapandeindex", "", "other", "higher", False),
    ("Index Bra arbetsgivare", "", "other", "higher", False),
    ("Sjukfrånvaro", "%", "rate", "lower", True),
    ("Andel elever som är nöjda med sin skola", "%", "rate", "higher", True),
    ("Antal deltagare i föreningsaktiviteter", "st", "count", "higher", True),
    ("Andel medarbetare som genomgått utbildning i dataskydd", "%", "rate", "higher", True),
    ("Antal nyanlända i arbete eller studier", "st", "count", "higher", True),
    ("Handläggningstid för bygglov (max)", "dagar", "other", "lower", False),
    ("Kostnad per invånare för administration (max)", "kr", "other", "lower", False),
    ("Andel av stadens fordon som är miljöbilar", "%", "rate", "higher", False),
    ("Antal besökare på stadens bibliotek", "st", "count", "higher", True),
    ("Andel invånare som upplever trygghet i sin stadsdel", "%", "rate", "higher", True),
    ("Antal feriejobb för ungdomar i stadens verksamheter", "st", "count", "higher", True),
    ("Andel brukare som är nöjda med hemtjänsten", "%", "rate", "higher", True),
    ("Antal färdigställda bostäder med särskild service", "st", "count", "higher", False),
    ("Andel upphandlade avtal där en plan för systematisk uppföljning har tagits fram", "%",
     "rate", "higher", False),
    ("Antal medarbetare som deltagit i chefsutbildning", "st", "count", "higher", True),
    ("Andel förskolor med certifierad miljöprofil", "%", "rate", "higher", False),
]

_WORD_TARGETS = ["fastställs {year}", "tas fram av nämnden", "mäts ej {year}"]

_SECTIONS = ["Stadsövergripande", "Centrala och gemensamma IT-lösningar", "Politisk organisation",
             "Bidrag", "Kompetensutvecklingsmedel", "Sociala investeringar", "e-Tjänster",
             "Digital Förnyelse", "Skolplattformen", "Avskrivningar och internränta", "Förskola",
             "Grundskola", "Äldreomsorg", "Individ- och familjeomsorg", "Kultur och fritid",
             "Stadsmiljö", "Ekonomiskt bistånd", "Gemensam administration"]

_PURPOSES = ["rotlars och partikansliers verksamhet", "verksamhetens utvecklingsprojekt",
             "lokala utvecklingsprogram", "ej förbrukade statsbidrag"]
_PROJECTS = ["Elektroniska blanketter", "Digital förnyelse", "Medborgarbudget",
             "Trygghetsskapande åtgärder", "Klimatanpassning"]
_PEOPLE = ["Karin Wanngård", "Anna Lindqvist", "Erik Holm", "Maria Berg", "Johan Ek",
           "Sara Nordin", "Olof Strand"]
_MONTHS = ["januari", "februari", "mars"]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


# --------------------------------------------------------------------------------------------
# rendered lines


class _L:
    """One rendered line: text, whether a page break may follow it, and tags for the truth.

    tags: ("anchor", table, idx) marks a truth row's first line; ("span", table, idx, field,
    piece, start, end) where a cell (piece) is printed; ("fig", name, start, end) a prose figure.
    """
    __slots__ = ("text", "brk", "tags")

    def __init__(self, text: str, brk: bool = False, tags: list | None = None):
        self.text = text
        self.brk = brk
        self.tags = tags if tags is not None else []

    def clone(self, text: str | None = None) -> "_L":
        return _L(self.text if text is None else text, self.brk, list(self.tags))


def _blank() -> _L:
    return _L("")


class _Row:
    """A table row that a page break may split.

    head: name/text lines (the first carries the row anchor); body: what follows the head
    (blank line, values or dates, a deviation); tail: the end of the name printed after the body
    (content-level split, same in every copy); after: lines after the row.
    """

    def __init__(self, head: list, body: list, tail: list, after: list, splittable: bool,
                 kind: str):
        self.head, self.body, self.tail, self.after = head, body, tail, after
        self.splittable = splittable
        self.kind = kind


def _flow_cells(cells: list[list[str]]) -> list[tuple[str, list[tuple[int, int, int, int]]]]:
    """Lay out a row's cells the way the extraction prints them.

    cells: per cell its wrapped pieces. Cells that fit share a line, separated by one space; a
    wrapped cell's first piece ends the line (trailing space kept), its other pieces follow on
    their own lines, and the next cell starts after a blank line.
    Returns lines as (text, [(cell, piece, start, end)]) with "" for blank lines.
    """
    lines: list[tuple[str, list]] = []
    cur = ""
    cur_spans: list = []

    def put(ci, pi, piece):
        nonlocal cur
        if cur and not cur.endswith(" "):
            cur += " "
        start = len(cur)
        cur += piece
        cur_spans.append((ci, pi, start, start + len(piece.rstrip())))

    for ci, pieces in enumerate(cells):
        if lines and lines[-1][0] != "" and not cur and len(cells[ci - 1]) > 1:
            lines.append(("", []))
        put(ci, 0, pieces[0])
        if len(pieces) > 1:
            lines.append((cur, cur_spans))
            cur, cur_spans = "", []
            for pi, piece in enumerate(pieces[1:], 1):
                cur_spans = [(ci, pi, 0, len(piece.rstrip()))]
                lines.append((piece, cur_spans))
                cur_spans = []
    if cur:
        lines.append((cur, cur_spans))
    return lines


_NUM_RE = re.compile(r"[-\u2212]?\d{1,3}(?: \d{3})*(?:,\d+)?")


class _Gen:
    def __init__(self, seed: int, year, copies, n_goals, budget_style, unit, sign, broken_cells,
                 page_numbers):
        if budget_style not in ("slk", "utfall", "aterstar"):
            raise ValueError(f"budget_style: {budget_style!r}")
        if unit not in ("mnkr", "tkr"):
            raise ValueError(f"unit: {unit!r}")
        if sign not in ("budget_minus_actual", "actual_minus_budget"):
            raise ValueError(f"sign: {sign!r}")
        if copies < 1:
            raise ValueError("copies must be >= 1")
        self.seed = seed
        self.args = {"year": year, "copies": copies, "n_goals": n_goals,
                     "budget_style": budget_style, "unit": unit, "sign": sign,
                     "broken_cells": broken_cells, "page_numbers": page_numbers}
        self.rng = random.Random(seed)
        r = self.rng
        self.year = year if year is not None else r.randint(2015, 2023)
        self.copies = copies
        self.n_goals = n_goals if n_goals is not None else r.randint(2, 7)
        if self.n_goals < 1:
            raise ValueError("n_goals must be >= 1")
        self.style, self.unit, self.sign = budget_style, unit, sign
        self.broken = broken_cells
        self.pages = page_numbers
        self.org, self.office, self.office_gen, self.first_section = r.choice(_ORGS)
        self.minus = MINUS_SIGN if r.random() < 0.25 else "-"
        self.prose_w = r.uniform(39.5, 41.0)
        self.act_w = r.uniform(16.4, 17.4)
        self.quirk = 0.04  # chance of a leading space / a missing blank line at a heading
        self.used_names: set[str] = set()
        self.used_titles: set[str] = set()
        self.rows: dict[str, list[dict]] = {"goals": [], "indicators": [], "activities": [],
                                            "budget": []}
        self.figures: dict[str, dict] = {}
        self.copy_seeds = [r.getrandbits(64) for _ in range(copies)]

    # ---- helpers ----------------------------------------------------------------------------

    def sent(self, s: str) -> str:
        return s.replace("{Office}", self.office)

    def sentence(self) -> str:
        """One sentence of report prose, from templates with many slots (so that lines rarely
        repeat, as in a real report) or, now and then, from a fixed pool."""
        r = self.rng
        kind = r.random()
        obj = r.choice(_OBJECTS + _MORE_OBJECTS)
        subj = r.choice(_SUBJECTS).replace("{area}", r.choice(_AREAS))
        if kind < 0.35:
            s = f"{subj} har under {r.choice(_PERIODS)} {r.choice(_DID)} {obj}"
            if r.random() < 0.5:
                s += " " + r.choice(_WHY)
        elif kind < 0.6:
            s = f"Arbetet med {obj} {r.choice(_RESULTS)}"
            if r.random() < 0.4:
                s += " " + r.choice(_WHY)
        elif kind < 0.75:
            n = r.randint(2, 40)
            s = (f"Under {r.choice(_PERIODS)} har {n} {r.choice(['möten', 'utbildningstillfällen', 'workshoppar', 'dialoger', 'uppföljningar'])} "
                 f"genomförts inom området {r.choice(_AREAS)}")
        elif kind < 0.85:
            s = f"{obj[0].upper() + obj[1:]} är en prioriterad fråga för {subj[0].lower() + subj[1:] if not subj.startswith(self.office) else subj}"
        else:
            return self.sent(r.choice(_SENTENCES))
        return self.sent(s) + "."

    def paragraph(self, k: int | None = None) -> str:
        r = self.rng
        k = k or r.randint(2, 4)
        return " ".join(self.sentence() for _ in range(k))

    def prose(self, text: str, lead_ok: bool = True, width: float | None = None) -> list[_L]:
        """Wrapped running text; prose figures are marked \\x01...\\x02 in `text`."""
        lines = _wrap_prose(text, width or self.prose_w)
        if lead_ok and self.rng.random() < self.quirk:
            lines[0] = " " + lines[0]
        if self.rng.random() < 0.08 and not lines[-1].endswith(" "):
            lines[-1] += " "
        out = []
        for t in lines:
            tags = []
            while "\x01" in t:
                s = t.index("\x01")
                t = t[:s] + t[s + 1:]
                e = t.index("\x02")
                t = t[:e] + t[e + 1:]
                tags.append(["fig", None, s, e])
            out.append(_L(t, True, tags))
        return out

    def fig(self, name: str, q: int, out: list[_L]) -> None:
        """Name the next unnamed figure tag in `out` (figures are named in order)."""
        for ln in out:
            for tag in ln.tags:
                if tag[0] == "fig" and tag[1] is None:
                    tag[1] = name
                    self.figures.setdefault(name, {"q": q, "value": q / 10 ** self.bd,
                                                   "unit": self.unit})
                    return
        raise AssertionError(name)

    def heading(self, out: list, text: str, brk: bool = False, tags=None,
                quirk: bool = True) -> _L:
        """Blank line + heading; now and then the blank goes missing and the heading gets a
        leading space (the sample's " Nämndmål:"), never right after an indicator table."""
        after_ind = out and isinstance(out[-1], _Row) and out[-1].kind == "indicator"
        if out and quirk and not after_ind and self.rng.random() < self.quirk:
            ln = _L(" " + text, brk, tags)
        else:
            if out:
                out.append(_blank())
            ln = _L(text, brk, tags)
        out.append(ln)
        return ln

    def money(self, q: int) -> str:
        """A marked prose amount: mnkr tenths -> '63,2 miljoner kronor', tkr -> 'x tusen kronor'."""
        if self.unit == "mnkr":
            return "\x01" + fmt_num(q, 1) + "\x02 miljoner kronor"
        return "\x01" + fmt_num(q, 0) + "\x02 tusen kronor"

    # ---- content: goals ---------------------------------------------------------------------

    def build_tree(self):
        r = self.rng
        n_inr = max(1, min(4, self.n_goals, r.randint(1, 4)))
        inr_ids = sorted(r.sample([1, 2, 3, 4], n_inr))
        counts = [1] * n_inr
        for _ in range(self.n_goals - n_inr):
            counts[r.randrange(n_inr)] += 1
        self.tree = []
        for inr, cnt in zip(inr_ids, counts):
            pool = list(_KF_GOALS[inr])
            r.shuffle(pool)
            kfs = [{"id": f"{inr}.{j + 1}", "title": pool[j % len(pool)]} for j in range(cnt)]
            self.tree.append({"id": str(inr), "title": _INRIKTNING[inr], "kfs": kfs})
        all_kf = [kf for node in self.tree for kf in node["kfs"]]
        forced = r.randrange(len(all_kf))
        for i, kf in enumerate(all_kf):
            kf["status"] = "helt" if i == forced else r.choices(["helt", "delvis", "inte"],
                                                                 [70, 22, 8])[0]
            kf["has_ind"] = i == forced or r.random() < 0.35
            kf["forced"] = i == forced
            kf["n_namnd"] = r.choices([0, 1, 2, 3], [20, 50, 22, 8])[0]
            kf["own_acts"] = r.random() < 0.12

    def goal_row(self, gid, level, parent, title, status, analysis) -> int:
        self.rows["goals"].append({
            "id": gid, "level": level, "parent": parent, "title": title,
            "status": status,
            "status_text": None if status == "saknas" else "Uppfylls " + status,
            "analysis": analysis})
        return len(self.rows["goals"]) - 1

    def render_goal_header(self, out, label, gid, text, idx, status, quirk=True):
        self.heading(out, label, quirk=quirk)
        lines = _wrap_prose(text, self.prose_w)
        if self.rng.random() < self.quirk:
            lines[0] = " " + lines[0]
        for k, t in enumerate(lines):
            tags = [("anchor", "goals", idx)] if k == 0 else []
            out.append(_L(t, k == len(lines) - 1, tags))
        if status != "saknas":
            out.append(_blank())
            st_text = "Uppfylls " + status
            out.append(_L(" " + st_text, True, [("span", "goals", idx, "status", 0, 1,
                                                  1 + len(st_text))]))

    def analysis(self, out, paragraphs: list[str]) -> str:
        """'Analys' and its paragraphs; returns the analysis as the table holds it."""
        out.append(_blank())
        out.append(_L("Analys", True))
        all_lines = []
        tight = self.rng.random() < self.quirk
        for k, p in enumerate(paragraphs):
            lines = self.prose(p, lead_ok=False)
            if k == 0 and tight:
                lines[0].text = " " + lines[0].text
            else:
                out.append(_blank())
            out.extend(lines)
            all_lines.extend(ln.text for ln in lines)
        return _join_prose(all_lines)

    def analysis_paragraphs(self, status: str, missed: list[str]) -> list[str]:
        r = self.rng
        paras = [self.paragraph() for _ in range(r.choice([1, 1, 2, 2, 3]))]
        if status != "helt":
            extra = []
            if missed:
                extra.append(r.choice(_MISS_SENTENCES).format(ind=missed[0][0].lower() +
                                                              missed[0][1:]))
            extra.append(r.choice(_PARTLY_SENTENCES if status == "delvis" else _NOT_SENTENCES))
            paras[-1] = paras[-1] + " " + " ".join(extra)
        return paras

    def build_goals(self, out: list):
        r = self.rng
        out += [_blank(), _L("Uppföljning av Kommunfullmäktiges inriktningsmål", True)]
        for node in self.tree:
            idx = self.goal_row(node["id"], "inriktningsmål", None, node["title"], "saknas", None)
            self.render_goal_header(out, "KF:s inriktningsmål:", node["id"],
                                    f"{node['id']}. {node['title']}", idx, "saknas")
            for kn, kf in enumerate(node["kfs"]):
                # indicators first (their misses go into the analysis)
                inds = []
                if kf["has_ind"]:
                    inds = self.make_table_rows(kf)
                missed = [row["name"] for row in inds if row.get("_missed")]
                paras = self.analysis_paragraphs(kf["status"], missed)
                idx = self.goal_row(kf["id"], "kf-mål", node["id"], kf["title"], kf["status"],
                                    None)
                self.render_goal_header(out, "KF:s mål för verksamhetsområdet:", kf["id"],
                                        f"{kf['id']} {kf['title']}", idx, kf["status"],
                                        quirk=kn > 0)
                self.rows["goals"][idx]["analysis"] = self.analysis(out, paras)
                if inds:
                    self.render_indicators(out, kf, inds)
                if kf["own_acts"]:
                    self.render_activities(out, kf["id"], kf["status"])
                free = [t for t in _NAMNDMAL if t not in self.used_titles] or list(_NAMNDMAL)
                titles = r.sample(free, min(kf["n_namnd"], len(free)))
                self.used_titles.update(titles)
                for j, title in enumerate(titles, 1):
                    nid = f"{kf['id']}-N{j}"
                    status = r.choices(["helt", "delvis", "inte"], [78, 17, 5])[0]
                    idx = self.goal_row(nid, "nämndmål", kf["id"], title, status, None)
                    self.render_goal_header(out, "Nämndmål:", nid, title, idx, status)
                    self.rows["goals"][idx]["analysis"] = self.analysis(
                        out, self.analysis_paragraphs(status, []))
                    if r.random() < 0.75:
                        self.render_activities(out, nid, status)

    # ---- content: indicators ------------------------------------------------------------------

    def pick_indicator(self, want: str | None = None):
        r = self.rng

        def ok(p):
            if want == "count_gender":
                return p[2] == "count" and p[4]
            if want == "rate":
                return p[2] == "rate" and p[4] and p[3] == "higher"
            if want == "plain":
                return p[2] in ("count", "rate") and p[3] == "higher"
            return True

        pool = [p for p in _INDICATORS if p[0] not in self.used_names and ok(p)]
        if not pool:
            pool = [p for p in _INDICATORS if ok(p)]
        p = r.choice(pool)
        self.used_names.add(p[0])
        return p

    def make_table_rows(self, kf) -> list[dict]:
        r = self.rng
        if kf["forced"]:
            specs = [("count_gender", "full"), ("rate", "full"), ("plain", "optk")]
            r.shuffle(specs)
            specs += [(None, None)] * r.randint(0, 1)
        else:
            specs = [(None, None)] * r.choice([1, 1, 2, 2, 3, 4])
        n = len(specs)
        if kf["status"] == "helt":
            miss = [False] * n
        elif kf["status"] == "delvis":
            miss = [r.random() < 0.4 for _ in range(n)]
            miss[r.randrange(n)] = True
            if n > 1 and all(miss):
                miss[r.randrange(n)] = False
        else:
            miss = [r.random() < 0.8 for _ in range(n)]
            miss[r.randrange(n)] = True
        rows = []
        for (want, pattern), m in zip(specs, miss):
            for _attempt in range(30):
                saved = set(self.used_names)
                row = self.make_indicator(kf["id"], m, want, pattern)
                if not want or row["decodable"]:
                    break
                self.used_names = saved
            rows.append(row)
        return rows

    def make_indicator(self, goal_id: str, miss: bool, want: str | None = None,
                       pattern: str | None = None) -> dict:
        """One indicator row with values consistent with its unit and with `miss`."""
        r = self.rng
        name, unit, kind, direction, gender = self.pick_indicator(want)
        year = self.year
        met = not miss

        def num(x: float, d: int, u: str = unit) -> _Num:
            q, dd = _norm(int(round(x * 10 ** d)), d)
            return _Num(q, dd, u, glued=(u == "%" and r.random() < 0.04))

        if pattern is None:
            if kind in ("count", "rate") and gender:
                opts = [("full", 34), ("optk", 22), ("o", 6), ("omwtk", 6), ("ot", 5), ("otk", 9),
                        ("opt", 5), ("omwpt", 5), ("none", 2), ("ok", 3), ("omw", 3)]
            elif kind in ("count", "rate"):
                opts = [("optk", 50), ("o", 10), ("ot", 8), ("otk", 18), ("opt", 9), ("none", 2),
                        ("ok", 3)]
            elif kind == "band":
                opts = [("optk", 60), ("otk", 40)]
            else:
                opts = [("o", 30), ("ot", 25), ("otk", 30), ("opt", 15)]
            pattern = r.choices([o[0] for o in opts], [o[1] for o in opts])[0]
        present = {
            "full": FIELDS,
            "optk": ("outcome", "previous", "target", "kf_target"),
            "o": ("outcome",),
            "omwtk": ("outcome", "outcome_men", "outcome_women", "target", "kf_target"),
            "ot": ("outcome", "target"),
            "otk": ("outcome", "target", "kf_target"),
            "opt": ("outcome", "previous", "target"),
            "ok": ("outcome", "kf_target"),
            "omwpt": ("outcome", "outcome_men", "outcome_women", "previous", "target"),
            "omw": ("outcome", "outcome_men", "outcome_women"),
            "none": (),
        }[pattern]
        if present == ("outcome",) and _CITY_WIDE.match(name):
            present = ("kf_target",)  # the city's outcome comes later: the row shows KF's target
        cells: dict[str, Any] = {}
        if kind == "count":
            o = int(10 ** r.uniform(0.5, 3.9))
            m = r.randint(0, o)
            cells["outcome_men"] = _Num(m, 0, "st")
            cells["outcome_women"] = _Num(o - m, 0, "st")
            cells["outcome"] = _Num(o, 0, "st")
            cells["previous"] = _Num(max(0, int(o * r.uniform(0.6, 1.3))), 0, "st")
            t = max(1, int(o * r.uniform(0.6, 1.0))) if met else int(o * r.uniform(1.1, 3.0)) + 1
            if met and t > o:
                t = o
            cells["target"] = _Num(t, 0, "st")
            k = t if (met or r.random() < 0.5) else t * r.randint(10, 200)  # city-wide KF target
            cells["kf_target"] = _Num(k, 0, "st")
        elif kind == "rate":
            d = r.choice([0, 0, 1, 1, 2])
            lo, hi = (20.0, 96.0) if direction == "higher" else (1.0, 15.0)
            o = round(r.uniform(lo, hi), d)
            a = round(o - r.uniform(0.3, 6.0), d)
            b = round(o + r.uniform(0.3, 6.0), d)
            if r.random() < 0.5:
                a, b = b, a
            cells["outcome_men"] = num(min(100.0, max(0.0, a)), d)
            cells["outcome_women"] = num(min(100.0, max(0.0, b)), d)
            cells["outcome"] = num(o, d)
            cells["previous"] = num(max(0.0, round(o + r.uniform(-8, 8), d)), d)
            if direction == "higher":
                t = round(o - r.uniform(0, 10), 0) if met else round(o + r.uniform(1, 20), 0)
                t = min(100.0, max(0.0, t))
                if met and t > o:
                    t = float(int(o))
                if not met and t <= o:
                    t = float(int(o) + 1)
            else:
                t = round(o + r.uniform(0, 3), 0) if met else max(0.0, round(o - r.uniform(1, 3)))
                if met and t < o:
                    t = float(int(o) + 1)
                if not met and t >= o:
                    t = max(0.0, float(int(o) - 1))
            cells["target"] = num(t, 1)
            cells["kf_target"] = num(t, 1)
            if met and r.random() < 0.4:  # a KF target a little below or above the board's
                kt = t - r.choice([1, 2]) if direction == "higher" else t + r.choice([1, 2])
                cells["kf_target"] = num(max(0.0, kt), 1)
        elif kind == "band":
            o = round(r.uniform(-0.9, 0.9), 1) if met else round(
                r.choice([-1, 1]) * r.uniform(1.2, 3.0), 1)
            cells["outcome"] = num(o, 1)
            cells["previous"] = num(round(r.uniform(-2, 2), 1), 1)
            cells["target"] = _Txt("+/- 1 %", 1.0)
            cells["kf_target"] = _Txt("+/- 1 %", 1.0)
        else:
            if unit == "mnkr":
                o = round(r.uniform(0.2, 5), 1) if met else round(r.uniform(-3, 0.0), 1)
                t, td, d = 0.1, 1, 1
            elif unit == "kr":
                o = r.randint(800, 9000)
                t = o + r.randint(0, 500) if met else max(100, o - r.randint(100, 500))
                td, d = 0, 0
            elif unit == "dagar":
                o = round(r.uniform(10, 90), 1)
                t = round(o + r.uniform(0, 10)) if met else max(1, round(o - r.uniform(2, 10)))
                if met and t < o:
                    t = int(o) + 1
                td, d = 0, 1
            else:
                o = r.randint(60, 95)
                t = r.randint(max(0, o - 8), o) if met else r.randint(o + 1, o + 10)
                td, d = 0, 0
            cells["outcome"] = num(o, d)
            cells["previous"] = num(o + r.choice([-3, -2, -1, 1, 2, 3]) * (1 if d == 0 else 0.5),
                                    d)
            cells["target"] = num(t, td)
            cells["kf_target"] = num(t, td)
        if kind != "band" and want is None and r.random() < 0.1:  # a target in words
            fld = r.choice(["target", "kf_target"]) if met else "kf_target"
            cells[fld] = _Txt(r.choice(_WORD_TARGETS).format(year=year))
        cells = {f: cells[f] for f in FIELDS if f in present}
        period = ("VB " if r.random() < 0.4 else "") + str(year)
        row: dict[str, Any] = {"goal": goal_id, "name": name}
        for f in FIELDS:
            row[f] = None
        row.update({"unit": None, "target_unit": None, "kf_target_unit": None,
                    "target_text": None, "kf_target_text": None,
                    "period": period, "period_year": year, "direction": direction})
        for f, c in cells.items():
            if isinstance(c, _Txt):
                row[f] = c.band
                row[f + "_text"] = c.words
                row[f + "_unit"] = "%" if c.band is not None else None
            else:
                row[f] = c.value
                if f in ("target", "kf_target"):
                    row[f + "_unit"] = c.unit or None
        if isinstance(cells.get("outcome"), _Num):
            row["unit"] = cells["outcome"].unit or None
        vals = [c.words if isinstance(c, _Txt) else c.value for c in cells.values()]
        row["decodable"] = len(plausible_assignments(vals, row["unit"] or "", name)) == 1
        row["cells"] = {f: c.text() for f, c in cells.items()}
        row["_cells"] = cells
        row["_missed"] = miss and "target" in cells
        return row

    def render_indicators(self, out: list, kf, rows: list[dict]):
        r = self.rng
        out.append(_blank())
        if r.random() < 0.3:
            out += [_L("Indikato"), _L("r"), _blank()]
        else:
            out.append(_L("Indikator"))
        y1 = str(self.year - 1)
        heads = [
            r.choice([["Period", "ens ", "utfall"], ["Periode", "ns ", "utfall"]]),
            r.choice([["Utfal", "l ", "män/ ", "pojk", "ar"], ["Utfall ", "män/ ", "pojk", "ar"],
                      ["Utfall ", "män/ ", "pojka", "r"]]),
            ["Utfall ", "kvinn", "or/ ", "flickor"],
            r.choice([["Period", "ens ", "utfall ", "VB ", y1],
                      ["Periode", "ns ", "utfall ", "VB ", y1]]),
            r.choice([["Årsm", "ål"], ["Års", "mål"]]),
            r.choice([["KF:s ", "årsm", "ål"], ["KF:s ", "års", "mål"]]),
            r.choice([["Peri", "od"], ["Perio", "d"]]),
        ]
        for k, cell in enumerate(heads):
            if k:
                out.append(_blank())
            out += [_L(t) for t in cell]
        out.append(_blank())
        name_w = r.uniform(4.3, 5.5)
        col_w = [r.uniform(2.9, 4.2) for _ in FIELDS]
        per_w = r.uniform(2.3, 3.0)
        for n, row in enumerate(rows):
            idx = len(self.rows["indicators"])
            cells = row.pop("_cells")
            row.pop("_missed", None)
            self.rows["indicators"].append(row)
            frags = _wrap_cell(row["name"], name_w)
            head = [_L(t) for t in frags]
            head[0].tags.append(("anchor", "indicators", idx))
            if r.random() < 0.12:
                head[0].text = " " + head[0].text
            pieces, owners = [], []
            for f, c in cells.items():
                text = c.text()
                w = col_w[FIELDS.index(f)]
                cut = isinstance(c, _Txt) and c.band is None
                pieces.append(_wrap_cell(text, w, cut) if self.broken else [text])
                owners.append(f)
            pieces.append(_wrap_cell(row["period"], per_w, False) if self.broken
                          else [row["period"]])
            owners.append("period")
            body = [_blank()]
            for text, spans in _flow_cells(pieces):
                tags = [("span", "indicators", idx, owners[ci], pi, s, e)
                        for ci, pi, s, e in spans]
                body.append(_L(text, False, tags))
            tail = []
            if self.broken and len(head) >= 3 and r.random() < 0.07:
                k = r.randint(1, len(head) - 1)
                tail = [ln.clone() for ln in head[k:]]
                tail[0].text = " " + tail[0].text
                head = head[:k]
            (tail or body)[-1].brk = True
            after = [_blank()] if n < len(rows) - 1 else []
            if n == len(rows) - 1 and kf["status"] != "helt" and r.random() < 0.3:
                after = [_blank(), _L("Analys", True)] + self.prose(
                    r.choice(_DEVIATIONS), lead_ok=False)
            out.append(_Row(head, body, tail, after, not tail and len(head) >= 2, "indicator"))

    # ---- content: activities ------------------------------------------------------------------

    def activity_text(self) -> str:
        r = self.rng
        actor = r.choice(_ACTORS)
        s = actor + " ska"
        if r.random() < 0.5:
            s += " i samarbete med " + r.choice([p for p in _PARTNERS
                                                  if p.lower() != actor.lower()])
        s += " " + r.choice(_VERBS) + " " + r.choice(_OBJECTS + _MORE_OBJECTS)
        if r.random() < 0.5:
            s += " " + r.choice(_EXTRAS + _WHY)
        if r.random() < 0.4:
            s += "."
        return s

    def dates(self):
        r = self.rng
        y = self.year
        sm = 1 if r.random() < 0.85 else r.randint(2, 6)
        start = f"{y}-{sm:02d}-01"
        if r.random() < 0.75:
            end = f"{y}-12-31"
        else:
            em = r.randint(max(sm + 1, 4), 11)
            last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][em - 1]
            if em == 2 and (y % 4 == 0 and (y % 100 or y % 400 == 0)):
                last = 29
            end = f"{y}-{em:02d}-{last:02d}"
        return start, end

    def render_activities(self, out: list, goal_id: str, status: str):
        r = self.rng
        n = r.choice([1, 1, 2, 2, 3, 4])
        out.append(_blank())
        out += [_L("Aktivitet Startdat"), _L("um"), _blank(), _L("Slutdatu"), _L("m"), _blank(),
                _L("Avvikel"), _L("se")]
        tight_next = r.random() < 0.15
        if not tight_next:
            out.append(_blank())
        rows_out = []
        for k in range(n):
            idx = len(self.rows["activities"])
            text = self.activity_text()
            start, end = self.dates()
            dev = r.random() < (0.1 if status == "helt" else 0.3)
            dev_text = r.choice(_DEVIATIONS) + (" " + r.choice(_DEVIATIONS) if r.random() < 0.3
                                                 else "")
            lines = _wrap_prose(text, self.act_w)
            head = [_L(t) for t in lines]
            head[0].tags.append(("anchor", "activities", idx))
            if tight_next or r.random() < 0.3:
                head[0].text = " " + head[0].text
            body = [_blank()]
            for dt, fld in ((start, "start"), (end, "end")):
                body.append(_L(dt[:8], False, [("span", "activities", idx, fld, 0, 0, 8)]))
                body.append(_L(dt[8:], False, [("span", "activities", idx, fld, 1, 0, 2)]))
                if fld == "start":
                    body.append(_blank())
            dev_lines = []
            if dev:
                body += [_blank(), _L("Avvikel"), _L("se"), _blank(), _L("Analys", True)]
                dev_lines = self.prose(dev_text, lead_ok=False)
                body += dev_lines
            tail = []
            if not dev and self.broken and len(head) >= 3 and r.random() < 0.06:
                j = r.randint(1, len(head) - 1)
                tail = [ln.clone() for ln in head[j:]]
                tail[0].text = " " + tail[0].text
                tail[0].tags = []
                head = head[:j]
            (tail or body)[-1].brk = True  # no page break between the dates and a printed tail
            self.rows["activities"].append({
                "goal": goal_id, "text": _join_prose(lines), "start": start, "end": end,
                "deviation": dev,
                "deviation_text": _join_prose([ln.text for ln in dev_lines]) if dev else None})
            tight_next = k < n - 1 and not tail and not dev and r.random() < 0.12
            after = [] if (k == n - 1 or tight_next) else [_blank()]
            rows_out.append(_Row(head, body, tail, after,
                                 not tail and not dev and len(head) >= 2, "activity"))
        out += rows_out

    # ---- content: budget ----------------------------------------------------------------------

    def build_budget(self):
        r = self.rng
        self.bd = d = 1 if self.unit == "mnkr" else 0
        big = 100 if self.unit == "mnkr" else 10000  # hidden units per mnkr
        n_sec = r.randint(2, 7)
        names = [self.first_section] + r.sample(_SECTIONS, n_sec - 1)
        secs = []
        for nm in names:
            if nm != self.first_section and r.random() < 0.2:  # a project: costs covered
                kb, ib = 0, 0
                ka = int(r.uniform(2, 60) * big)
                ia = -ka if r.random() < 0.7 else -int(ka * r.uniform(0.1, 0.9))
            else:
                kb = int(10 ** r.uniform(0.3, 2.8) * big)
                ka = int(kb * r.uniform(0.8, 1.12))
                if r.random() < 0.4:
                    ib = ia = 0
                else:
                    ib = -int(kb * r.uniform(0.03, 0.7))
                    ia = int(ib * r.uniform(0.8, 1.4))
            secs.append([nm, kb, ka, ib, ia])
        inv = [int(r.uniform(0.5, 40) * big)]
        inv.append(int(inv[0] * r.uniform(0.1, 1.05)))
        inv += [0, 0]
        if r.random() < 0.2:
            inv[2] = -int(inv[0] * r.uniform(0.05, 0.3))
            inv[3] = int(inv[2] * r.uniform(0.5, 1.5))

        def dev(b, a):
            return b - a if self.sign == "budget_minus_actual" else a - b

        # the net deviation must print as non-zero: the prose calls it a surplus or a deficit
        while True:
            nb = sum(s[1] + s[3] for s in secs)
            na = sum(s[2] + s[4] for s in secs)
            if _rdiv(dev(nb, na), 10) != 0:
                break
            secs[0][2] -= big // 2
        if self.style == "slk":
            headers = [f"Justerad budget {self.year}", f"Bokfört {str(self.year)[2:]}1231",
                       "Avvikelse"]
        elif self.style == "utfall":
            headers = ["Budget", "Utfall", "Avvikelse"]
        else:
            headers = ["Budget", "Utfall",
                       "Återstår" if self.sign == "budget_minus_actual" else "Avvikelse"]
        self.headers = headers
        rows = []

        def add(section, item, role, b, a):
            q = [_rdiv(b, 10), _rdiv(a, 10), _rdiv(dev(b, a), 10)]
            rows.append({"table": self.office, "section": section, "item": item, "role": role,
                         "headers": list(headers),
                         "values": {h: v / 10 ** d for h, v in zip(headers, q)},
                         "unit": self.unit, "decimals": d, "_q": q})

        for nm, kb, ka, ib, ia in secs:
            add(nm, "Kostnader", "kostnader", kb, ka)
            add(nm, "Intäkter", "intakter", ib, ia)
            add(nm, "Netto", "netto", kb + ib, ka + ia)
        add("Summa drift", "Summa kostnader", "summa_kostnader", sum(s[1] for s in secs),
            sum(s[2] for s in secs))
        add("Summa drift", "Summa intäkter", "summa_intakter", sum(s[3] for s in secs),
            sum(s[4] for s in secs))
        add("Summa drift", "Summa netto", "summa_netto", nb, na)
        add("Investeringar", "Kostnader", "kostnader", inv[0], inv[1])
        add("Investeringar", "Intäkter", "intakter", inv[2], inv[3])
        add("Investeringar", "Netto", "netto", inv[0] + inv[2], inv[1] + inv[3])
        add("Totalt", "Totalt netto inkl investeringar", "totalt", nb + inv[0] + inv[2],
            na + inv[1] + inv[3])
        self.budget_rows = rows
        net_dev = _rdiv(dev(nb, na), 10)
        self.net = {"q": abs(net_dev), "deviation_q": net_dev,
                    "surplus": net_dev > 0 if self.sign == "budget_minus_actual" else net_dev < 0}
        inv_row = rows[-2]
        self.inv = (inv_row["_q"][0], inv_row["_q"][1])
        if self.unit == "mnkr":
            self.omb = (r.randint(5, 700), r.randint(2, 60))
        else:
            self.omb = (r.randint(500, 70000), r.randint(200, 6000))
        self.omb_purpose = r.choice(_PURPOSES)
        self.omb_project = r.choice(_PROJECTS)

    def render_budget(self, out: list):
        r = self.rng
        d = self.bd
        fc_w = r.uniform(7.9, 8.3)
        title = _wrap_cell(self.office, fc_w)
        if self.style == "slk":
            hp = [["Justerad ", f"budget {self.year}"], ["Bokfört ", f"{str(self.year)[2:]}1231"],
                  ["Avvikelse"]]
        else:
            hp = [[h] for h in self.headers]
        first_col = title + [self.unit]
        height = max(len(p) for p in hp)
        lines = []
        for i, fc in enumerate(first_col):
            j = i - (len(title) - 1)
            parts = [p[j].strip() for p in hp if 0 <= j < len(p)]
            lines.append(fc.rstrip() + " " + " ".join(parts) if parts else fc)
        assert height <= 2
        out.append(_blank())
        out += [_L(t) for t in lines]
        out.append(_blank())
        cur_section = None
        for idx, row in enumerate(self.budget_rows):
            section = row["section"]
            if section != cur_section:
                if section in ("Investeringar", "Totalt"):
                    out.append(_blank())
                if section != "Totalt":
                    out += [_L(t) for t in _wrap_cell(section, fc_w)]
                cur_section = section
            elif row["role"] != "kostnader":
                out.append(_blank())
            label = _wrap_cell(row["item"], fc_w) if section == "Totalt" else [row["item"]]
            nums = [fmt_num(q, d, self.minus) for q in row["_q"]]
            pre = label[-1].rstrip()
            if len(label) == 1 and r.random() < self.quirk:
                pre = " " + pre
            text = pre
            tags = []
            for h, s in zip(row["headers"], nums):
                text += " "
                tags.append(("span", "budget", idx, h, 0, len(text), len(text) + len(s)))
                text += s
            lines = [_L(t) for t in label[:-1]] + [_L(text, True, tags)]
            lines[0].tags.append(("anchor", "budget", idx))
            out += lines
        out += [_blank(), _L(" ", True)]
        for row in self.budget_rows:
            nums = " ".join(fmt_num(q, d, self.minus) for q in row["_q"])
            clean = {k: v for k, v in row.items() if k != "_q"}
            clean["decodable"] = len(budget_readings(nums)) == 1
            self.rows["budget"].append(clean)

    # ---- prose around the numbers ---------------------------------------------------------------

    def net_paragraph(self) -> list[_L]:
        word = "nettoöverskott" if self.net["surplus"] else "nettounderskott"
        why = ("Överskottet beror till största delen på vakanta tjänster och återhållsamhet under "
               "året." if self.net["surplus"] else
               "Underskottet beror till största delen på kostnader för projekt som inte var "
               "budgeterade.")
        text = (f"{self.office_gen} utfall för {self.year} uppgår till ett {word} på "
                f"{self.money(self.net['q'])}. {why} " + self.paragraph(1))
        lines = self.prose(text)
        self.fig("net_result", self.net["q"], lines)
        return lines

    def economy(self, out: list):
        r = self.rng
        self.heading(out, "Uppföljning av ekonomi", brk=True)
        self.heading(out, "Analys av resultaträkning - uppföljning av driftbudget", brk=True)
        before = r.random() < 0.7
        if before:
            out.append(_blank())
            out += self.net_paragraph()
        self.render_budget(out)
        if not before:
            out.append(_blank())
            out += self.net_paragraph()
        self.heading(out, "Investeringar", brk=True)
        out.append(_blank())
        text = (f"Kontoret har en investeringsbudget på {self.money(self.inv[0])} för {self.year}. "
                "Investeringsbehovet är begränsat och utgörs främst av utrustning i lokalerna. "
                f"Årets investeringar uppgår till {self.money(self.inv[1])}.")
        lines = self.prose(text)
        self.fig("investments_budget", self.inv[0], lines)
        self.fig("investments_actual", self.inv[1], lines)
        out += lines
        self.heading(out, "Ombudgeteringar", brk=True)
        out.append(_blank())
        b, c = self.omb
        text = (f"{self.office} begär ombudgeteringar på totalt {self.money(b + c)}, varav "
                f"{self.money(b)} motsvarar redovisade överskott för {self.omb_purpose}. "
                f"Projektet {self.omb_project.lower()} ombudgeterar {self.money(c)} till "
                f"{self.year + 1}.")
        lines = self.prose(text)
        self.fig("ombudgetering_total", b + c, lines)
        self.fig("ombudgetering_b", b, lines)
        self.fig("ombudgetering_c", c, lines)
        out += lines
        self.heading(out, "Analys av balansräkning", brk=True)
        out.append(_blank())
        out += self.prose(self.paragraph(2))

    # ---- front matter -------------------------------------------------------------------------

    def front(self) -> list[_L]:
        r = self.rng
        y = self.year
        out: list[_L] = []
        b, c = self.omb
        person = r.choice(_PEOPLE)

        def para(text, blank=True):
            if blank and out:
                out.append(_blank())
            lines = self.prose(text, lead_ok=False, width=self.prose_w - 2)
            out.extend(lines)
            return lines

        out.append(_L(f" PM Rotel {r.choice(_ROMAN)} (Dnr {y + 1}/{r.randint(100, 9999):06d})"))
        out.append(_blank())
        out.append(_L(f"Verksamhetsberättelse med bokslut {y} för "))
        out.append(_L(self.org))

        def decisions(intro):
            para(intro)
            p1 = para(f"1. Verksamhetsberättelse med bokslut {y} för {self.org} godkänns och "
                      "överlämnas till stadens revisorer.", blank=False)
            del p1
            lines = para(f"2. I samband med behandlingen av stadens verksamhetsberättelse och "
                         f"bokslut för {y} får {self.money(b)} för {self.omb_purpose} överföras "
                         f"till år {y + 1}.")
            self.fig("decision_b", b, lines)
            lines = para(f"3. I samband med behandlingen av stadens verksamhetsberättelse och "
                         f"bokslut {y} får följande projektmedel överföras till {y + 1}: "
                         f"{self.money(c)} för {self.omb_project}.")
            self.fig("decision_c", c, lines)

        decisions("Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande.")
        para(f"Föredragande borgarrådet {person} anför följande.")
        out += [_blank(), _L("Ärendet"), _blank()]
        para(f"I verksamhetsberättelsen sammanfattas det arbete som utförts för att uppnå stadens "
             f"långsiktiga mål. Den samlade bedömningen görs utifrån både det verksamhetsmässiga "
             f"och ekonomiska utfallet av {self.org}s verksamhet.", blank=False)
        out += [_blank(), _L("Mina synpunkter"), _blank()]
        para(self.paragraph(3), blank=False)
        decisions("Jag föreslår att borgarrådsberedningen föreslår att kommunstyrelsen beslutar "
                  "följande.")
        out += [_blank(), _L(f"Stockholm den {r.randint(1, 28)} {r.choice(_MONTHS)} {y + 1}"),
                _blank(), _L(person.upper()), _blank(), _L("Bilagor"),
                _L(f"1. {self.office_gen} budgetuppföljning"),
                _L(f"2. Rapportbilaga {self.org}"), _blank(),
                _L("Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag."),
                _blank(), _L(self.office), _blank()]
        para(f"{self.office_gen} tjänsteutlåtande daterat den {r.randint(1, 28)} januari {y + 1} "
             f"har i huvudsak följande lydelse.", blank=False)
        out.append(_blank())
        return out

    # ---- assembly -----------------------------------------------------------------------------

    def run(self) -> GeneratedReport:
        r = self.rng
        self.build_tree()
        self.build_budget()
        self.summary_lead = r.random() < 0.5
        self.summary_lines = [self.prose(self.paragraph(3), lead_ok=False)] + [
            self.prose(self.paragraph(2), lead_ok=False) for _ in self.tree]
        front = self.front()
        items: list = []
        self.build_goals(items)
        self.economy(items)
        texts: list[str] = []
        anchors: list[tuple] = []  # (copy, table, idx, line)
        spans: dict = {}
        figures: list[dict] = []
        regions = []

        def collect(lines_objs, idx_map, offset, copy_no):
            for i, ln in enumerate(lines_objs):
                j = idx_map[i]
                if j is None:
                    continue
                line_no = offset + j + 1
                for tag in ln.tags:
                    if tag[0] == "anchor":
                        anchors.append((copy_no, tag[1], tag[2], line_no))
                    elif tag[0] == "span":
                        _, table, idx, fld, piece, s, e = tag
                        cell = spans.setdefault((copy_no, table, idx), {}).setdefault(fld, [])
                        while len(cell) <= piece:
                            cell.append(None)
                        cell[piece] = [line_no, s, e]
                    elif tag[0] == "fig":
                        _, name, s, e = tag
                        spans.setdefault((copy_no, "figures", name), {})["value"] = [
                            [line_no, s, e]]
                        figures.append({"name": name, "value": self.figures[name]["value"],
                                        "unit": self.unit, "copy": copy_no, "line": line_no})

        ftexts = [ln.text for ln in front]
        collect(front, list(range(len(front))), 0, 0)
        texts += ftexts
        regions.append([1, len(texts)])
        page = r.randint(3, 9)
        for c in range(1, self.copies + 1):
            crng = random.Random(self.copy_seeds[c - 1])
            head: list = []
            self.summary_copy(head, c)
            flat = self.expand(head + items, crng)
            lines_out, idx_map, page = self.paginate(flat, crng, page)
            offset = len(texts)
            collect(flat, idx_map, offset, c)
            texts += lines_out
            regions.append([offset + 1, len(texts)])
            page += r.randint(2, 6)
        text = "\n".join(texts) + "\n"
        truth: dict[str, list[dict]] = {k: [] for k in ("goals", "indicators", "activities",
                                                         "budget")}
        for copy_no, table, idx, line_no in sorted(anchors, key=lambda a: (a[0], a[3])):
            row = {k: v for k, v in self.rows[table][idx].items() if not k.startswith("_")}
            row = _copy.deepcopy(row)
            row["line"] = line_no
            row["copy"] = copy_no
            row["_idx"] = idx
            truth[table].append(row)
        # spans keyed by the truth row's position instead of the content index
        pos = {}
        for table, rows in truth.items():
            for k, row in enumerate(rows):
                pos[(row["copy"], table, row.pop("_idx"))] = k
        spans2 = {}
        for (copy_no, table, idx), v in spans.items():
            if table == "figures":
                spans2[(copy_no, table, idx)] = v
            else:
                spans2[(copy_no, table, pos[(copy_no, table, idx)])] = v
        roles = {self.headers[0]: "budget", self.headers[1]: "actual", self.headers[2]: "deviation"}
        meta = {
            "organisation": self.org[0].upper() + self.org[1:],
            "kind": "verksamhetsberättelse",
            "year": self.year,
            "copies": self.copies,
            "office": self.office,
            "regions": regions,
            "minus": self.minus,
            "params": {"seed": self.seed, **self.args},
            "n_goals": self.n_goals,
            "budget_columns": [{"table": self.office, "column": h, "role": roles[h]}
                               for h in self.headers],
            "net_result": {"value": self.net["q"] / 10 ** self.bd,
                           "deviation": self.net["deviation_q"] / 10 ** self.bd,
                           "surplus": self.net["surplus"], "unit": self.unit},
            "ombudgetering": {"total": sum(self.omb) / 10 ** self.bd,
                              "parts": [q / 10 ** self.bd for q in self.omb], "unit": self.unit},
            "figures": figures,
        }
        return GeneratedReport(text=text, truth=truth, meta=meta, spans=spans2)

    def summary_copy(self, out: list, copy_no: int):
        """The body's opening summary; only its first line may differ between copies."""
        lead = " " if copy_no > 1 and self.summary_lead else ""
        out.append(_L(lead + "Sammanfattande analys", True))
        out += [ln.clone() for ln in self.summary_lines[0]]
        for node, lines in zip(self.tree, self.summary_lines[1:]):
            out.append(_L(node["title"], False))
            out += [ln.clone() for ln in lines]

    def expand(self, items: list, crng: random.Random) -> list[_L]:
        """Flatten items for one copy; page breaks inside rows are decided here."""
        flat: list[_L] = []
        for it in items:
            if isinstance(it, _L):
                flat.append(it)
                continue
            row: _Row = it
            if self.pages and row.splittable and crng.random() < 0.07:
                k = crng.randint(1, len(row.head) - 1)
                rest = [ln.clone() for ln in row.head[k:]]
                for ln in rest:
                    ln.text = ln.text.lstrip()
                # values and dates are printed at the top of the row, so they stay on the first
                # page and the rest of the name follows the page number (sample lines 1844-1860)
                flat += row.head[:k] + row.body + [_L(_PAGE)] + rest + row.after
                continue
            flat += row.head + row.body + row.tail + row.after
        return flat

    def paginate(self, flat: list[_L], crng: random.Random, page: int):
        """Insert page numbers: '\\n\\n\\n<n>\\n\\n' replaces the separator between two lines."""
        out: list[str] = []
        idx: list[int | None] = [None] * len(flat)
        since = 0
        plen = crng.randint(38, 58)
        n = len(flat)

        def block():
            nonlocal page
            while out and out[-1] == "":
                out.pop()
            out.extend(["", "", "", str(page), ""])
            page += 1

        i = 0
        while i < n:
            ln = flat[i]
            if ln.text == _PAGE:
                block()
                since, plen = 0, crng.randint(38, 58)
                i += 1
                while i < n and flat[i].text == "":
                    i += 1
                continue
            idx[i] = len(out)
            out.append(ln.text)
            since += 1
            if self.pages and ln.brk and ln.text.strip() and since >= plen:
                j = i + 1
                while j < n and flat[j].text == "":
                    j += 1
                if j < n and flat[j].text != _PAGE:
                    since, plen = 0, crng.randint(38, 58)
                    if crng.random() < 0.5:
                        block()
                        i = j
                        continue
                    page += 1
            i += 1
        while out and out[-1] == "":
            out.pop()
        return out, idx, page


# --------------------------------------------------------------------------------------------
# public API


def generate(seed: int, *, year: int | None = None, copies: int = 2, n_goals: int | None = None,
             budget_style: str = "slk", unit: str = "mnkr", sign: str = "budget_minus_actual",
             broken_cells: bool = True, page_numbers: bool = True) -> GeneratedReport:
    """A random report, deterministic for `seed`.

    year: report year (random 2015-2023 when None). copies: how many times the body is printed.
    n_goals: number of KF-mål (spread over 1-4 inriktningsmål; random 2-7 when None).
    budget_style: "slk" (Justerad budget <year> / Bokfört <yy>1231 / Avvikelse), "utfall"
    (Budget / Utfall / Avvikelse) or "aterstar" (Budget / Utfall / Återstår; with sign
    actual_minus_budget the third header is "Avvikelse", since Återstår is budget - utfall).
    unit: "mnkr" (one decimal) or "tkr" (no decimals). sign: what the deviation column holds.
    broken_cells: values may wrap inside their cells and names may end after the values; when
    False every row's values and period stay on one line (names are still fragmented).
    page_numbers: insert page numbers (also inside tables and rows).
    """
    return _Gen(seed, year, copies, n_goals, budget_style, unit, sign, broken_cells,
                page_numbers).run()


def strategy(**fixed):
    """A hypothesis strategy of GeneratedReport; keyword arguments fix generate()'s parameters."""
    from hypothesis import strategies as st

    params = {
        "seed": st.integers(0, 2 ** 32 - 1),
        "copies": st.sampled_from([2, 2, 2, 1, 3]),
        "n_goals": st.integers(1, 6),
        "budget_style": st.sampled_from(["slk", "utfall", "aterstar"]),
        "unit": st.sampled_from(["mnkr", "tkr"]),
        "sign": st.sampled_from(["budget_minus_actual", "actual_minus_budget"]),
        "broken_cells": st.sampled_from([True, True, False]),
        "page_numbers": st.sampled_from([True, True, False]),
    }
    for k, v in fixed.items():
        if k not in params and k != "year":
            raise TypeError(f"unknown parameter {k!r}")
        params[k] = st.just(v)

    def build(seed, **kw):
        return generate(seed, **kw)

    return st.builds(build, **params)


# --------------------------------------------------------------------------------------------
# mutations

MUTATION_KINDS = ("budget_cell", "status", "period", "men_women", "outcome", "copy_only")


def _replace(report: GeneratedReport, line: int, start: int, end: int, new: str,
             desc: dict) -> GeneratedReport:
    lines = report.text.split("\n")
    before = lines[line - 1]
    after = before[:start] + new + before[end:]
    lines[line - 1] = after
    delta = len(new) - (end - start)
    spans = _copy.deepcopy(report.spans)
    for cells in spans.values():
        for pieces in cells.values():
            for p in pieces:
                if p and p[0] == line and p[1] >= end:
                    p[1] += delta
                    p[2] += delta
                elif p and p[0] == line and p[1] == start:
                    p[2] = start + len(new)
    desc = {"line": line, "column": start, "before": before, "after": after, **desc}
    meta = _copy.deepcopy(report.meta)
    meta.setdefault("mutations", []).append(desc)
    return GeneratedReport("\n".join(lines), _copy.deepcopy(report.truth), meta, spans), desc


def _number_at(report: GeneratedReport, piece) -> tuple[int, int, str] | None:
    """The number at the start of a printed piece: (start, end, text), or None."""
    if not piece:
        return None
    line, s, e = piece
    text = report.lines[line - 1][s:e]
    m = _NUM_RE.match(text)
    if not m:
        return None
    return s + m.start(), s + m.end(), m.group()


def mutate(report: GeneratedReport, kind: str, rng) -> tuple[GeneratedReport, dict]:
    """Apply ONE change of `kind` to the report's text; return (mutant, description).

    The description has kind, line, column (0-based start of the change), copy, before/after
    (the whole line), cell_before/cell_after (the changed text), table, field, subject and
    old/new values. The mutant's truth is the
    original's (not updated); its meta lists the mutation under "mutations".
    kinds: budget_cell (one budget value in one copy, so sums break), status (a KF-mål or
    nämndmål verdict), period (an indicator's period year), men_women (men + women != total of
    a count indicator), outcome (an outcome moved so it misses its target; only rows without a
    gender split, keeping the row's column assignment unchanged), copy_only (a figure changed
    in copy 2 only).
    Raises ValueError when the report has nothing to mutate of that kind.
    """
    if not isinstance(rng, random.Random):
        rng = random.Random(rng)
    truth, spans = report.truth, report.spans
    minus = report.meta.get("minus", "-")
    year = report.meta["year"]

    def cands(table, pred):
        out = [(k, row) for k, row in enumerate(truth[table]) if pred(row)]
        rng.shuffle(out)
        return out

    if kind in ("budget_cell", "copy_only"):
        if kind == "copy_only" and report.meta["copies"] < 2:
            raise ValueError("copy_only needs at least two copies")
        options = []
        for k, row in enumerate(truth["budget"]):
            if kind == "copy_only" and row["copy"] != 2:
                continue
            if kind == "budget_cell" and row["role"] not in ("kostnader", "intakter"):
                continue
            heads = row["headers"][:2] if kind == "budget_cell" else row["headers"]
            for h in heads:
                options.append(("budget", k, h))
        if kind == "copy_only":
            for k, row in enumerate(truth["indicators"]):
                if row["copy"] != 2:
                    continue
                for f in ("outcome", "previous", "target", "kf_target"):
                    if row[f] is not None and row.get(f + "_text") is None:
                        options.append(("indicators", k, f))
            for (c, table, name), cells in spans.items():
                if table == "figures" and c == 2:
                    options.append(("figures", name, "value"))
        rng.shuffle(options)
        for table, k, f in options:
            key = (2, table, k) if table == "figures" else (truth[table][k]["copy"], table, k)
            pieces = spans.get(key, {}).get(f)
            if not pieces:
                continue
            found = _number_at(report, pieces[0])
            if not found:
                continue
            s, e, old = found
            if table == "indicators":
                row = truth["indicators"][k]
                if _parse(old)[0] / 10 ** _parse(old)[1] != row[f]:
                    continue  # the number is split over lines
            q, d = _parse(old)
            if table == "budget":
                step = rng.randint(10, 99) if d else rng.randint(100, 999)
                new_q = q - step if truth["budget"][k]["role"] == "intakter" else q + step
                new = fmt_num(new_q, d, minus)
            else:
                step = max(1, abs(q) // 10) + rng.randint(1, 9)
                new_q = q + step
                new = fmt_num(new_q, d)
            if table == "figures":
                subject = k
                copy_no = 2
            elif table == "budget":
                row = truth["budget"][k]
                subject = f"{row['section']}/{row['item']}"
                copy_no = row["copy"]
            else:
                row = truth["indicators"][k]
                subject = f"{row['goal']}/{row['name']}"
                copy_no = row["copy"]
            desc = {"kind": kind, "copy": copy_no, "table": table, "field": f,
                    "subject": subject, "cell_before": old, "cell_after": new,
                    "old": q / 10 ** d, "new": new_q / 10 ** d}
            return _replace(report, pieces[0][0], s, e, new, desc)
        raise ValueError(f"nothing to mutate for {kind}")

    if kind == "status":
        for k, row in cands("goals", lambda r: r["level"] in ("kf-mål", "nämndmål")):
            piece = spans.get((row["copy"], "goals", k), {}).get("status")
            if not piece:
                continue
            line, s, e = piece[0]
            new_status = rng.choice([x for x in ("helt", "delvis", "inte") if x != row["status"]])
            new = "Uppfylls " + new_status
            desc = {"kind": kind, "copy": row["copy"], "table": "goals", "field": "status",
                    "subject": row["id"], "cell_before": row["status_text"], "cell_after": new,
                    "old": row["status"], "new": new_status}
            return _replace(report, line, s, e, new, desc)
        raise ValueError("no goal with a status")

    if kind == "period":
        for k, row in cands("indicators", lambda r: True):
            pieces = spans.get((row["copy"], "indicators", k), {}).get("period") or []
            for piece in pieces:
                line, s, e = piece
                text = report.lines[line - 1][s:e]
                m = re.search(str(year), text)
                if not m:
                    continue
                new_year = year + rng.choice([-1, 1])
                desc = {"kind": kind, "copy": row["copy"], "table": "indicators",
                        "field": "period", "subject": f"{row['goal']}/{row['name']}",
                        "cell_before": str(year), "cell_after": str(new_year),
                        "old": year, "new": new_year}
                return _replace(report, line, s + m.start(), s + m.end(), str(new_year), desc)
        raise ValueError("no indicator rows")

    if kind == "men_women":
        for k, row in cands("indicators", lambda r: r["unit"] == "st"
                            and r["outcome_men"] is not None):
            piece = (spans.get((row["copy"], "indicators", k), {}).get("outcome_men") or [None])[0]
            found = _number_at(report, piece)
            if not found or _parse(found[2])[0] != row["outcome_men"]:
                continue
            s, e, old = found
            new_q = int(row["outcome_men"]) + rng.randint(1, 5)
            new = fmt_num(new_q, 0)
            desc = {"kind": kind, "copy": row["copy"], "table": "indicators",
                    "field": "outcome_men", "subject": f"{row['goal']}/{row['name']}",
                    "cell_before": old, "cell_after": new, "old": row["outcome_men"],
                    "new": float(new_q), "outcome": row["outcome"],
                    "outcome_women": row["outcome_women"]}
            return _replace(report, piece[0], s, e, new, desc)
        raise ValueError("no count indicator with a gender split")

    if kind == "outcome":
        def meets(r):
            o, t = r["outcome"], r["target"]
            return (abs(o) <= t if r["direction"] == "band" else
                    o <= t if r["direction"] == "lower" else o >= t)

        options = cands("indicators", lambda r: r["outcome"] is not None
                        and r["outcome_men"] is None and r["target"] is not None
                        and r["target_text"] is None)
        # rows on target first: the mutation turns them into a miss
        options.sort(key=lambda kr: not meets(kr[1]))
        for k, row in options:
            piece = (spans.get((row["copy"], "indicators", k), {}).get("outcome") or [None])[0]
            found = _number_at(report, piece)
            if not found:
                continue
            s, e, old = found
            q, d = _parse(old)
            if q / 10 ** d != row["outcome"]:
                continue
            t = row["target"]
            direction = row["direction"]
            scale = 10 ** d
            if direction == "band":
                new_q = int((t + 1.5) * scale)
            elif direction == "lower":
                new_q = int(t * scale * 1.3) + scale
            else:
                new_q = int(t * scale * rng.uniform(0.4, 0.9))
                if new_q >= t * scale:
                    new_q = int(t * scale) - scale
            if (new_q < 0 and direction != "band") or new_q == q:
                continue
            printed = [row[f] if row.get(f + "_text") is None else row[f + "_text"]
                       for f in FIELDS if row[f] is not None or row.get(f + "_text")]
            before_as = plausible_assignments(printed, row["unit"] or "")
            printed[0] = new_q / scale
            if plausible_assignments(printed, row["unit"] or "") != before_as:
                continue
            new = fmt_num(new_q, d)
            desc = {"kind": kind, "copy": row["copy"], "table": "indicators",
                    "field": "outcome", "subject": f"{row['goal']}/{row['name']}",
                    "cell_before": old, "cell_after": new, "old": row["outcome"],
                    "new": new_q / scale, "target": t, "direction": direction,
                    "goal_status": next((g["status"] for g in truth["goals"]
                                         if g["id"] == row["goal"] and g["copy"] == row["copy"]),
                                        None)}
            return _replace(report, piece[0], s, e, new, desc)
        raise ValueError("no indicator whose outcome can miss its target")

    raise ValueError(f"unknown mutation kind {kind!r}; one of {MUTATION_KINDS}")


# --------------------------------------------------------------------------------------------
# samples


def truth_json(report: GeneratedReport) -> dict:
    """The report's truth and metadata as JSON-ready data."""
    return {"meta": report.meta, "truth": report.truth}


def write_samples(out_dir, n: int, seed: int, **kwargs) -> list[Path]:
    """Write n generated reports (seeds seed .. seed+n-1) as gen-<seed>.txt + gen-<seed>.json."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for s in range(seed, seed + n):
        rep = generate(s, **kwargs)
        txt = out / f"gen-{s:04d}.txt"
        txt.write_text(rep.text, encoding="utf-8")
        (out / f"gen-{s:04d}.json").write_text(
            json.dumps(truth_json(rep), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(txt)
    return written


if __name__ == "__main__":  # python -m tests.support.generator OUT_DIR N SEED
    import sys

    args = sys.argv[1:]
    for p in write_samples(args[0] if args else "datasets/generated",
                           int(args[1]) if len(args) > 1 else 5,
                           int(args[2]) if len(args) > 2 else 1):
        print(p)
