"""Text extracted without trailing spaces (pdftotext without -layout and most other tools) reads
as the same report: the word ends at line breaks are restored from the document's own words,
general Swedish and compounding (checks/readers/wordends.py), so tables, findings and
fingerprints do not depend on whether the extraction kept its trailing spaces."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
from tests.support.generator import strategy
from granska.checks.readers.text import parse_text
from granska.checks.readers.wordends import Vocabulary, restore_word_ends, word_ends

RULES = load_rules()


def stripped(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n"))


def tables(doc) -> dict[str, list[tuple]]:
    return {name: [tuple(map(str, row)) for row in df.astype(str).itertuples(index=False)]
            for name, df in doc.tables.items() if df is not None}


def findings(doc) -> list[tuple]:
    return sorted((f.rule, f.fingerprint, f.severity, f.line, f.copy, f.message, f.message_en)
                  for f in check_document(doc, RULES))


def assert_same_reading(text: str) -> None:
    a, b = parse_text(text, source="kept"), parse_text(stripped(text), source="kept")
    ta, tb = tables(a), tables(b)
    for name in ta:
        assert ta[name] == tb[name], (name, [r for r in tb[name] if r not in ta[name]][:3])
    assert findings(a) == findings(b)


def test_the_sample_without_trailing_spaces_reads_the_same():
    from conftest import SAMPLE

    text = SAMPLE.read_text(encoding="utf-8")
    assert sum(1 for line in text.split("\n") if line.endswith(" ")) > 1000  # it has them to lose
    assert_same_reading(text)


def test_sample_names_are_joined_where_the_column_broke_them(sample_doc):
    from conftest import SAMPLE

    doc = parse_text(stripped(SAMPLE.read_text(encoding="utf-8")), source="s")
    names = set(doc.tables["indicators"]["name"])
    assert "Antal aspiranter som fått Stockholmsjobb" in names
    assert "Andel tjänsteutlåtanden som innehåller en jämställdhetsanalys" in names
    assert "Kommunkoncernens soliditet inkl. pensionsåtaganden på kort sikt" in names
    assert names == set(sample_doc.tables["indicators"]["name"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(strategy())
def test_generated_reports_without_trailing_spaces_read_the_same(report):
    assert_same_reading(report.text)


def test_a_name_end_after_a_target_in_words_and_a_page_break():
    """"sommarjob" / "21 st 16 st mäts ej" / "2019" / "2019" / page / "b": the words' year is not
    the period, so the name still goes on after it (found by the property test above)."""
    from tests.support.generator import generate

    assert_same_reading(generate(521955, copies=2, n_goals=4, budget_style="slk", unit="mnkr",
                                 sign="budget_minus_actual", broken_cells=True, page_numbers=True).text)


def ends_of(lines: list[str], general: dict[str, float] | None = None) -> list[str]:
    """The lines' last words, marked "|" where the restorer ends a word."""
    vocab = Vocabulary.of(lines, general={} if general is None else general)
    ends = word_ends(lines, vocab)
    return [ln + ("|" if i in ends else "") for i, ln in enumerate(lines)]


def test_a_word_the_document_prints_whole_joins_its_fragments():
    prose = ["Vi följer upp pensionsåtaganden varje år och", "pensionsåtaganden mäts i procent av", ""]
    cell = ["Stadens", "pensions", "åtagand", "en på", "kort sikt"]
    marked = ends_of(prose + cell)
    assert marked[len(prose):] == ["Stadens|", "pensions", "åtagand", "en på|", "kort sikt"]


def test_without_evidence_the_fragments_are_not_joined_to_known_words():
    lines = ["Det finns en plan för", "uppföljning och en för", "", "Andel", "genomförda", "åtgärder"]
    assert ends_of(lines, {"andel": 1e-4, "genomförda": 1e-5, "åtgärder": 1e-5, "plan": 1e-4})[3:] == \
        ["Andel|", "genomförda|", "åtgärder|"]


def test_two_unknown_fragments_are_one_unknown_word():
    """"Stockholmsj" + "obb": no word list knows either; one unknown word is likelier than two."""
    lines = ["Antal som fått", "", "Antal", "aspiranter", "Stockholmsj", "obb"]
    marked = ends_of(lines, {"antal": 1e-4, "aspiranter": 1e-6})
    assert marked[2:] == ["Antal|", "aspiranter|", "Stockholmsj", "obb"]


def test_a_linking_s_compound_of_known_words_is_one_word():
    general = {"pension": 1e-5, "pensions": 3e-7, "åtaganden": 2e-6, "på": 1e-2, "kort": 2e-4,
               "pensionsålder": 1e-6, "pensionssystem": 1e-6, "pensionsavgift": 1e-7}
    lines = ["", "pensions", "åtaganden på", "kort sikt"]
    assert ends_of(lines, general)[1:3] == ["pensions", "åtaganden på|"]


def test_a_genitive_that_starts_no_compounds_ends_its_word():
    """"Nämndens" + "budgetföljsamhet": general Swedish writes no word going on from "nämndens"."""
    general = {"nämnden": 1e-4, "nämndens": 1e-6, "budget": 1e-4, "följsamhet": 1e-7}
    lines = ["", "Nämndens", "budgetföl", "jsamhet"]
    assert ends_of(lines, general)[1:] == ["Nämndens|", "budgetföl", "jsamhet|"]


def test_a_wrapped_line_of_words_breaks_at_a_word_end_unless_the_word_is_too_wide():
    """"för" + "beställning" fits a 35-character column: the wrapper would not have cut it."""
    general = {"förbeställning": 1e-8, "för": 1e-2, "beställning": 1e-6}
    lines = ["av det aktuella systemet för", "beställning samt finansiering"]
    assert ends_of(lines, general)[0].endswith("|")


def test_breaks_the_text_decides_by_itself():
    lines = ["93,01 % 93,72 % 100 % VB", "2017", "", "risk- och", "LSS-", "verksamhet", "bostads-", "och arbete",
             "0 % +/-", "1 %"]
    marked = ends_of(lines)
    assert marked[0].endswith("|")        # a digit follows: the word ended
    assert marked[4] == "LSS-"            # a hyphen inside a word goes on
    assert marked[6] == "bostads-|"       # "bostads- och": the hyphen ends the word
    assert marked[8].endswith("|")        # a band sign is not a hyphenated word


def test_a_name_continued_after_its_values_is_joined_across_them():
    """"Medskap" / values / " andeinde" / "x": the name's end is printed after the period."""
    lines = ["Aktivt", "Medskap", "", "80 85 83 2017", " andeinde", "x"]
    marked = ends_of(lines, {"aktivt": 1e-5})
    assert marked[:2] == ["Aktivt|", "Medskap"]
    assert marked[4] == " andeinde"


def test_text_that_kept_its_spaces_is_left_alone():
    lines = ["Kommun", "koncerne", "ns ", "soliditet "] * 10
    assert restore_word_ends(lines) is lines


def test_an_activity_name_end_after_its_dates_and_a_page_break():
    """"… se över e-arkivet" / "2019-01-" / "01" / "2019-12-" / "31" / page / "för stadsgemensamma
    system.": an activity's dates close its values as a period does, so the name goes on after
    them with a space (found by the property test above)."""
    from tests.support.generator import generate

    assert_same_reading(generate(823097085, year=None, copies=3, n_goals=3, budget_style="slk", unit="mnkr",
                                 sign="budget_minus_actual", broken_cells=False, page_numbers=True).text)
