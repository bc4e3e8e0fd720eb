"""Layouts other than the sample's: budget tables in tkr with Återstår, with the opposite sign,
printed all positive, with a forecast or last year's actual; tertial reports; text without
trailing spaces; and reports of the "Mål 1: … / Bedömning: …" kind with one-line table headers
(tests/data/layouts/)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
from granska.checks.readers.text import parse_text

LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"
RULES = load_rules(select=["BUD"])


@pytest.mark.parametrize("name,columns,roles", [
    ("tkr-aterstar", ["Budget 2019", "Utfall T2", "Återstår"], ["budget", "actual", "deviation"]),
    ("utfall-minus-budget", ["Utfall", "Budget", "Avvikelse"], ["actual", "budget", "deviation"]),
])
def test_headers_and_roles(name, columns, roles):
    doc = parse_text((LAYOUTS / f"{name}.txt").read_text(encoding="utf-8"), source=name)
    cols = doc.tables["budget_columns"]
    assert list(cols["column"]) == columns and list(cols["role"]) == roles
    assert len(doc.tables["budget"]) == 9


@pytest.mark.parametrize("name", ["tkr-aterstar", "utfall-minus-budget"])
def test_consistent_tables_have_no_budget_findings(name):
    doc = parse_text((LAYOUTS / f"{name}.txt").read_text(encoding="utf-8"), source=name)
    assert check_document(doc, RULES) == []


def test_thousands_grouping_is_read_by_column_count():
    doc = parse_text((LAYOUTS / "tkr-aterstar.txt").read_text(encoding="utf-8"), source="t")
    row = doc.tables["budget"].iloc[0]
    assert (row["Budget 2019"], row["Utfall T2"], row["Återstår"]) == (112400, 75300, 37100)


@pytest.mark.parametrize("name,old,new,rule,line", [
    ("tkr-aterstar", "Netto 108 200 72 200 36 000", "Netto 108 200 72 200 35 000", "BUD002", 13),
    ("tkr-aterstar", "Summa kostnader 157 400 106 550 50 850", "Summa kostnader 157 400 106 550 51 850", "BUD003", 21),
    ("utfall-minus-budget", "Netto 87,9 91,5 -3,6", "Netto 87,9 91,5 3,6", "BUD002", 13),
    ("utfall-minus-budget", "Summa netto 248,1 243,5 4,6", "Summa netto 248,1 243,5 5,6", "BUD004", 18),
])
def test_a_changed_cell_is_caught_in_either_sign_convention(name, old, new, rule, line):
    text = (LAYOUTS / f"{name}.txt").read_text(encoding="utf-8")
    assert old in text
    doc = parse_text(text.replace(old, new), source=name)
    assert (rule, line) in {(f.rule, f.line) for f in check_document(doc, RULES)}


def test_tertial_report_counts_are_not_judged_against_annual_targets():
    """In a tertialrapport a count so far (T2) is not a miss of the year's target; a rate is."""
    text = (LAYOUTS / "tertial.txt").read_text(encoding="utf-8")
    rules = load_rules()
    doc = parse_text(text, source="tertial.txt")
    assert doc.meta["kind"] == "tertialrapport" and doc.meta["year"] == 2018
    assert set(doc.tables["goals"]["status"]) == {"helt", "delvis", "saknas"}
    found = {f.rule for f in check_document(doc, rules)}
    assert "GOL001" not in found and "IND009" not in found and "GOL002" in found
    worse = parse_text(text.replace("82 % 80 % 80 % T2 2018", "72 % 80 % 80 % T2 2018"), source="tertial.txt")
    assert "GOL001" in {f.rule for f in check_document(worse, rules)}


def test_text_extracted_without_trailing_spaces_gives_the_same_findings():
    """Some PDF-to-text tools strip trailing spaces, which granska uses to join cell fragments.
    Without them the word ends are restored from the words themselves: every value, goal,
    activity and finding is the same (tests/test_word_ends.py compares every cell)."""
    sample = (Path(__file__).resolve().parents[1] / "datasets" / "stockholm-ks-vb-2017.txt").read_text(encoding="utf-8")
    stripped = "\n".join(line.rstrip() for line in sample.split("\n"))
    rules = load_rules()
    a, b = parse_text(sample, source="a"), parse_text(stripped, source="b")
    for table in ("goals", "indicators", "activities", "budget"):
        assert len(a.tables[table]) == len(b.tables[table]), table
    cols = ["outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target", "period", "line"]
    assert a.tables["indicators"][cols].fillna(-1).equals(b.tables["indicators"][cols].fillna(-1))
    assert sorted((f.rule, f.line) for f in check_document(a, rules)) == \
        sorted((f.rule, f.line) for f in check_document(b, rules))


@pytest.mark.parametrize("printed,status", [
    ("Uppfylls helt", "helt"), ("Bedöms uppfyllas delvis", "delvis"), ("Bedöms inte uppfyllas", "inte"),
    ("Målet är uppfyllt", "helt"), ("Målet är inte uppfyllt", "inte"), ("Målet bedöms som delvis uppfyllt", "delvis"),
    ("Bedömning: Uppfyllt", "helt"), ("Ej uppfyllt", "inte"), ("Uppfylls ej", "inte"), ("Ej bedömd", "ej bedömd"),
    ("Målet bedöms delvis uppfyllas", "delvis"), ("Målet har inte uppnåtts", "inte"), ("Uppnått", "helt"),
    ("Delvis uppnått", "delvis"), ("Målet nås.", "helt"), ("Målet uppnås delvis", "delvis"),
    ("Målet bedöms kunna uppnås", "helt"), ("Målet bedöms inte kunna uppnås", "inte"),
    ("Delmålet bedöms bli delvis uppfyllt under året", "delvis"), ("Delmålet bedöms inte bli uppfyllt under året", "inte"),
])
def test_printed_verdicts_are_read(printed, status):
    from granska.checks.readers.stockholm import STATUS_RE, status_of

    assert STATUS_RE.match(printed) and status_of(printed) == status


def test_lines_containing_finds_the_lines_a_per_line_test_would():
    """The budget reader's first look for header lines, done once per range: the same lines as
    testing each lowered line, also past a letter whose lower case is longer ("İ")."""
    from granska.checks.readers.layout import lines_containing

    words = ("budget", "återst")
    for lines in (["Budget 2017", "", "x budget", "ÅTERSTÅR", "nothing"],
                  ["İİ budget", "Budgeten", "återst", "İ"]):
        expected = {i for i in range(1, len(lines)) if any(w in lines[i].lower() for w in words)}
        assert lines_containing(lines, 1, len(lines), words) == expected


# --- another municipality's layout: "Mål 1: …" / "Bedömning: …", one-line table headers ---------

HEADED = LAYOUTS / "mal-bedomning.txt"


def _headed(text: str | None = None):
    return parse_text(text if text is not None else HEADED.read_text(encoding="utf-8"), source="mal-bedomning.txt")


def test_goal_headings_with_a_verdict_are_goals_and_a_section_heading_is_not():
    doc = _headed()
    assert (doc.meta["organisation"], doc.meta["kind"], doc.meta["year"]) == ("Kultur- och fritidsnämnden", "årsredovisning", 2019)
    goals = doc.tables["goals"]
    assert list(goals["id"]) == ["1", "2", "3"]  # "2 Mål och måluppfyllelse" has no verdict
    assert list(goals["status"]) == ["delvis", "helt", "delvis"]
    assert list(goals["status_text"]) == ["Delvis uppfyllt", "Uppfyllt", "Delvis uppfyllt"]
    assert "nådde inte målvärdet" in goals.iloc[0]["analysis"]


def test_one_line_header_tables_are_read_by_column():
    ind = _headed().tables["indicators"].set_index("name")
    assert list(ind["goal"]) == ["1", "1", "2", "2", "3", "3"]
    visits = ind.loc["Antal besök på biblioteken"]  # thousands grouped with spaces
    assert (visits["outcome"], visits["previous"], visits["target"]) == (312000, 300000, 305000)
    sport = ind.loc["Antal deltagartillfällen i föreningsidrott per invånare 7-20 år"]  # name over two lines
    assert (sport["outcome"], sport["target"], sport["period_year"]) == (31, 32, 2019)
    nki = ind.loc["Nöjd-Kund-Index bibliotek"]  # "–" is an empty cell: the target stays in its column
    assert nki["outcome"] == 78 and nki["previous"] != nki["previous"] and nki["target"] == 75
    assert ind.loc["Sjukfrånvaro (%)", "unit"] == "%" and ind.loc["Sjukfrånvaro (%)", "direction"] == "lower"
    assert ind["assignment_certain"].all()


def test_consistent_report_in_another_layout_has_no_errors_or_warnings():
    found = check_document(_headed(), load_rules())
    assert [f for f in found if f.severity in ("error", "warning")] == []
    assert {f.rule for f in found} <= {"IND009"}  # missed targets of goals marked 'delvis' are noted
    assert sorted(f.message for f in found) == [
        "Indikatorn ”Andel unga som deltar i kulturskolan (%)” (mål 1): utfallet 14 nådde inte årsmålet 15",
        "Indikatorn ”Antal deltagartillfällen i föreningsidrott per invånare 7-20 år” (mål 1): utfallet 31 nådde "
        "inte årsmålet 32",
        "Indikatorn ”Sjukfrånvaro (%)” (mål 3): utfallet 6,8 nådde inte årsmålet 6,0"]


def test_a_goal_marked_met_with_a_missed_indicator_is_caught_in_another_layout():
    text = HEADED.read_text(encoding="utf-8").replace("Bedömning: Delvis uppfyllt", "Bedömning: Uppfyllt")
    found = [f for f in check_document(_headed(text), load_rules()) if f.rule == "GOL001"]
    # 31 against 32 is a miss: the target is exact, only the outcome is a rounded figure
    assert {(f.values["indicator"][:5], f.line, f.certain) for f in found} == {("Antal", 19, True), ("Andel", 19, True)}


def test_an_analysis_phrase_in_the_first_sentence_quotes_it_whole():
    text = HEADED.read_text(encoding="utf-8").replace("Bedömning: Delvis uppfyllt", "Bedömning: Uppfyllt")
    found = [f for f in check_document(_headed(text), load_rules()) if f.rule == "GOL004"]
    assert [f.values["sentence"] for f in found] == [
        "Deltagandet i kulturskolan ökade, men deltagandet i föreningsidrotten nådde inte målvärdet."]


@pytest.mark.parametrize("prose", ["Målet nås genom samverkan mellan nämnderna.", "Uppnått resultat redovisas nedan i tabellen och i bilaga 2.",
                                   "Osäkert om målet kan uppnås"])
def test_a_sentence_that_starts_like_a_verdict_is_not_one(prose):
    from granska.checks.readers.stockholm import STATUS_RE

    assert not STATUS_RE.match(prose)


# --- a delårsrapport: "Verksamhetsmål 1.1 …", "Nyckeltal Utfall aug 2019 …", a Prognos column -----

DELAR = LAYOUTS / "delar-nyckeltal.txt"


def test_a_partial_year_outcome_column_gives_a_partial_period():
    doc = parse_text(DELAR.read_text(encoding="utf-8"), source="delar.txt")
    assert (doc.meta["kind"], doc.meta["year"]) == ("delårsrapport", 2019)  # "Delårsrapport augusti 2019"
    ind = doc.tables["indicators"]
    assert set(ind["period"]) == {"aug 2019"} and set(ind["period_kind"]) == {"partial"}
    assert list(doc.tables["goals"]["id"]) == ["1.1", "1.2"]


def test_a_title_line_with_a_column_word_is_not_read_as_a_column():
    """"Ekonomiskt utfall" above "tkr Budget 2019 Prognos 2019 Avvikelse" once made "utfall tkr"
    a fourth column, and every figure of the table slid one column over."""
    doc = parse_text(DELAR.read_text(encoding="utf-8"), source="delar.txt")
    assert list(doc.tables["budget_columns"]["column"]) == ["Budget 2019", "Prognos 2019", "Avvikelse"]
    row = doc.tables["budget"].iloc[0]
    assert (row["Budget 2019"], row["Prognos 2019"], row["Avvikelse"]) == (412300, 415100, -2800)


def test_a_row_the_text_does_not_decide_is_reported_not_guessed():
    """"125 300 118 200 130 000" under three columns: 125 300 | 118 200 | 130 000, or 125 |
    300 118 200 | 130 000, or … — granska reads none of them and says so."""
    found = check_document(parse_text(DELAR.read_text(encoding="utf-8"), source="delar.txt"), load_rules())
    assert [(f.rule, f.severity, f.line) for f in found if f.severity != "info"] == [("EXT001", "warning", 17)]
    names = set(parse_text(DELAR.read_text(encoding="utf-8"), source="delar.txt").tables["indicators"]["name"])
    assert not any(n.startswith("Antal besök") for n in names)


def test_a_school_year_in_a_name_is_the_names():
    ind = parse_text(DELAR.read_text(encoding="utf-8"), source="delar.txt").tables["indicators"].set_index("name")
    row = ind.loc["Meritvärde åk 9"]
    assert (row["outcome"], row["previous"], row["target"], row["assignment_certain"]) == (225, 221, 230, True)


# --- every figure printed positive: Nettokostnad = Kostnader − Intäkter, favourable deviations ----

POSITIVE = LAYOUTS / "positiva-belopp.txt"


def _positive(old: str | None = None, new: str | None = None):
    text = POSITIVE.read_text(encoding="utf-8")
    if old is not None:
        assert old in text
        text = text.replace(old, new)
    return check_document(parse_text(text, source="positiva-belopp.txt"), load_rules())


def test_a_table_printed_all_positive_is_consistent():
    doc = parse_text(POSITIVE.read_text(encoding="utf-8"), source="positiva-belopp.txt")
    assert list(doc.tables["budget"]["role"])[-3:] == ["summa_intakter", "summa_kostnader", "summa_netto"]
    assert _positive() == []


def test_a_wrong_net_cost_is_shown_as_the_difference_the_table_means():
    found = [f for f in _positive("Nettokostnad 265,3 263,9 1,4", "Nettokostnad 265,3 273,9 1,4") if f.rule == "BUD001"]
    assert [(f.line, f.values["column"]) for f in found] == [(8, "Utfall 2019")]
    assert "312,0 − 48,1 = 263,9" in found[0].message


@pytest.mark.parametrize("old,new,rule,line", [
    ("Intäkter 45,2 48,1 2,9", "Intäkter 45,2 48,1 -2,9", "BUD002", 6),  # a revenue surplus is favourable
    ("Summa nettokostnad 395,2 390,8 4,4", "Summa nettokostnad 395,2 380,8 4,4", "BUD004", 17),
])
def test_a_changed_cell_is_caught_in_a_table_printed_all_positive(old, new, rule, line):
    assert (rule, line) in {(f.rule, f.line) for f in _positive(old, new)}


# --- year columns ("Nyckeltal 2017 2018 2019 Mål 2019") and a gender split with Totalt ----------

YEARS = LAYOUTS / "ar-kolumner.txt"


def test_bare_year_columns_and_a_totalt_column():
    doc = parse_text(YEARS.read_text(encoding="utf-8"), source="ar-kolumner.txt")
    ind = doc.tables["indicators"].set_index("name")
    home = ind.loc["Andel nöjda brukare i hemtjänsten (%)"]  # 2017 is history: not read as a value
    assert (home["outcome"], home["previous"], home["target"], home["period"]) == (91, 89, 90, "2019")
    split = ind.loc["Antal beviljade insatser"]
    assert (split["outcome_women"], split["outcome_men"], split["outcome"], split["target"]) == (420, 380, 800, 850)


def test_a_sentence_that_starts_with_indikator_is_prose_not_a_table():
    doc = parse_text(YEARS.read_text(encoding="utf-8"), source="ar-kolumner.txt")
    goal = doc.tables["goals"].iloc[0]
    assert goal["analysis"] == "Indikatorerna för 2018 och 2019 visar en positiv utveckling."
    assert len(doc.tables["indicators"]) == 3


def _budget_cells(path: Path) -> list[tuple[int, str]]:
    """(line number, printed figure) of every budget figure of a layout file."""
    doc = parse_text(path.read_text(encoding="utf-8"), source=path.name)
    return [(int(r["line"]), fig) for _, r in doc.tables["budget"].iterrows() for fig in r["raw"].split(" ")
            if "," in fig]


@pytest.mark.parametrize("path", [HEADED, POSITIVE], ids=lambda p: p.stem)
def test_every_budget_figure_changed_by_one_is_caught_near_its_line(path):
    """Each printed figure, raised by 1,0 (ten times its rounding): some budget rule fires on its
    row or on the total it feeds, in both layouts' sign conventions."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    rules = load_rules(select=["BUD"])
    for line, fig in _budget_cells(path):
        value = float(fig.replace(",", ".").replace("\u2212", "-"))
        new = f"{value + 1.0:.1f}".replace(".", ",")
        edited = list(lines)
        assert edited[line - 1].count(fig) >= 1
        edited[line - 1] = edited[line - 1].replace(fig + " ", new + " ", 1)
        found = check_document(parse_text("\n".join(edited), source=path.name), rules)
        assert found, (line, fig, new)
        assert any(abs(f.line - line) <= 10 for f in found), (line, fig, [(f.rule, f.line) for f in found])


def test_last_years_actual_beside_this_years_is_not_the_actual():
    """"Bokslut 2018 Budget 2019 Utfall 2019 Avvikelse": two actual columns; the deviation is
    measured from 2019's, and 2018's is shown but not compared."""
    doc = parse_text((LAYOUTS / "bokslut-fg-ar.txt").read_text(encoding="utf-8"), source="bokslut")
    assert list(doc.tables["budget_columns"]["role"]) == ["other", "budget", "actual", "deviation"]
    assert check_document(doc, load_rules()) == []


@pytest.mark.parametrize("headers,year,roles", [
    (["Bokslut 2018", "Budget 2019", "Utfall 2019", "Avvikelse"], 2019, ["other", "budget", "actual", "deviation"]),
    (["Budget 2019", "Utfall 2019", "Budget 2020"], 2019, ["budget", "actual", "other"]),
    (["Budget 2019", "Utfall 2019", "Budget 2020"], None, ["other", "actual", "budget"]),
    (["Utfall", "Budget", "Avvikelse"], None, ["actual", "budget", "deviation"]),
])
def test_column_roles_when_two_columns_claim_one(headers, year, roles):
    from granska.checks.readers.budget import column_roles

    assert column_roles(headers, year) == roles


def test_a_tertials_deviation_is_measured_from_the_forecast():
    """"Budget 2019 Utfall jan-aug Prognos 2019 Avvikelse": the deviation is budget − forecast,
    not budget − the actual so far; the table's own figures say which."""
    text = (LAYOUTS / "prognos.txt").read_text(encoding="utf-8")
    assert check_document(parse_text(text, source="prognos"), load_rules()) == []
    wrong = text.replace("Netto 265,3 175,2 265,0 0,3", "Netto 265,3 175,2 265,0 2,3")
    found = {(f.rule, f.line) for f in check_document(parse_text(wrong, source="prognos"), load_rules())}
    assert ("BUD002", 8) in found and ("BUD001", 8) in found


def test_an_activity_table_with_a_status_column():
    acts = _headed().tables["activities"]
    assert list(acts["text"]) == ["Införa digital schemaläggning i alla verksamheter",
                                  "Ta fram en ny kompetensförsörjningsplan"]
    assert list(acts["deviation"]) == [False, True] and list(acts["goal"]) == ["3", "3"]
    text = HEADED.read_text(encoding="utf-8").replace("Måluppfyllelse: Delvis uppfyllt", "Måluppfyllelse: Uppfyllt")
    found = {(f.rule, f.severity) for f in check_document(_headed(text), load_rules())}
    assert {("GOL001", "error"), ("GOL003", "warning")} <= found


def test_a_goal_description_between_heading_and_verdict_is_not_its_title():
    text = "Årsredovisning 2019\nIdrottsnämnden\n\nMål 1: Fler rör på sig\nMålet beskriver nämndens ansvar för idrotten i kommunen.\nBedömning: Uppfyllt\n"
    goals = parse_text(text + "\nIndikator Utfall 2019 Mål 2019\nAntal besök 10 9\n", source="t").tables["goals"]
    assert list(goals["title"]) == ["Fler rör på sig"] and list(goals["status"]) == ["helt"]


def test_a_goal_title_broken_over_two_lines_is_joined():
    text = ("Årsredovisning 2019\nIdrottsnämnden\n\nMål 1: Fler barn och unga rör på sig\nvarje vecka\n"
            "Bedömning: Delvis uppfyllt\n\nIndikator Utfall 2019 Mål 2019\nAntal besök 10 9\n")
    goals = parse_text(text, source="t").tables["goals"]
    assert list(goals["title"]) == ["Fler barn och unga rör på sig varje vecka"]


def test_a_column_granska_does_not_read_keeps_its_place():
    """A "Prognos helår" column in a Stockholm tertial table: its figure is not the target."""
    text = (LAYOUTS / "tertial.txt").read_text(encoding="utf-8")
    text = text.replace("Indikator\nPeriodens utfall\n\nÅrsmål", "Indikator\nPeriodens utfall\n\nPrognos helår\n\nÅrsmål", 1)
    text = text.replace("82 % 80 % 80 % T2 2018", "82 % 79 % 80 % 80 % T2 2018")
    doc = parse_text(text, source="tertial.txt")
    row = doc.tables["indicators"].set_index("name").loc["Andel nöjda besökare"]
    assert (row["outcome"], row["target"], row["kf_target"]) == (82, 80, 80)
    assert json.loads(row["cells"])["other_1"] == "79 %"
    assert not doc.problems


def test_a_second_column_of_one_field_is_not_read():
    from granska.checks.readers.headed import column_fields

    assert column_fields("Utfall 2019 Mål 2019 Mål 2020", 2019) == ["outcome", "target", "other"]


@pytest.mark.parametrize("header,columns", [
    ("mnkr Budget 2019 Utfall 2019 Budgetavvikelse", ["Budget 2019", "Utfall 2019", "Budgetavvikelse"]),
    ("mnkr Budget 2019 Utfall 2019 Avvikelse mot budget", ["Budget 2019", "Utfall 2019", "Avvikelse mot budget"]),
    ("tkr Årsbudget Utfall Avvikelse", ["Årsbudget", "Utfall", "Avvikelse"]),
    ("mnkr Budget Utfall Avv.", ["Budget", "Utfall", "Avv."]),
    ("mnkr Helårsbudget Helårsprognos Avvikelse", ["Helårsbudget", "Helårsprognos", "Avvikelse"]),
])
def test_budget_header_wordings(header, columns):
    text = ("Årsredovisning 2019\nMiljönämnden\n\nDriftredovisning\n" + header +
            "\nIntäkter 45,2 48,1 2,9\nKostnader -310,5 -312,0 -1,5\nNettokostnad -265,3 -263,9 1,4\n")
    doc = parse_text(text, source="h")
    assert list(doc.tables["budget_columns"]["column"]) == columns
    assert list(doc.tables["budget_columns"]["role"])[-1] == "deviation"
    assert check_document(doc, load_rules()) == []
    wrong = parse_text(text.replace("Nettokostnad -265,3 -263,9 1,4", "Nettokostnad -265,3 -263,9 4,1"), source="h")
    assert {"BUD001", "BUD002"} <= {f.rule for f in check_document(wrong, load_rules())}


def test_the_boards_surplus_in_the_summary_is_the_tables():
    text = HEADED.read_text(encoding="utf-8").replace("överskott på 1,4 miljoner", "överskott på 2,4 miljoner")
    found = [f for f in check_document(_headed(text), load_rules()) if f.category == "narrative"]
    # line 11, not 10: "1 Sammanfattning" above it is the chapter's heading, not the sentence's start
    assert [(f.rule, f.line, f.values["table_value"]) for f in found] == [("NAR009", 11, 1.4)]
    assert doc_claim_context(text, "överskott på 2,4") == "1 Sammanfattning"


def doc_claim_context(text: str, part: str) -> str:
    claims = parse_text(text, source="t").tables["claims"]
    return next(c for c, s in zip(claims["context"], claims["sentence"]) if part in s)


# --- generated reports of the headed kind: what is printed comes back -----------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

VERDICTS = [("Bedömning: Uppfyllt", "helt"), ("Måluppfyllelse: Delvis uppfyllt", "delvis"),
            ("Målet är inte uppfyllt", "inte"), ("Bedömning: Ej uppfyllt", "inte"), ("Målet bedöms delvis uppfyllas", "delvis")]
WORDS = ["Andel", "Antal", "nöjda", "brukare", "besök", "elever", "deltagare", "invånare", "timmar", "ärenden"]


def _printed(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",")
    return ("-" if value < 0 else "") + text


@st.composite
def headed_reports(draw):
    goals, lines = [], ["Årsredovisning 2019", "Fritidsnämnden", ""]
    for g in range(1, draw(st.integers(1, 3)) + 1):
        verdict, status = draw(st.sampled_from(VERDICTS))
        # each goal's text its own: identical blocks would rightly be read as copies of the report
        lines += [f"Mål {g}: {' '.join(draw(st.lists(st.sampled_from(WORDS[2:]), min_size=2, max_size=5)))} {g}", verdict,
                  "Analys", f"Arbetet med mål {g} har fortsatt under året.",
                  "Indikator Utfall 2019 Utfall 2018 Målvärde 2019"]
        rows = []
        for r in range(draw(st.integers(1, 3))):
            name = f"{draw(st.sampled_from(WORDS[:2]))} {draw(st.sampled_from(WORDS[2:]))} {g}.{r + 1}x"
            decimals = draw(st.integers(0, 1))
            values = [draw(st.one_of(st.none(), st.floats(0, 400000, allow_nan=False).map(lambda v, d=decimals: round(v, d))))
                      for _ in range(3)]
            if values[0] is None:
                values[0] = 1.0  # an outcome is printed
            lines.append(name + " " + " ".join("–" if v is None else _printed(v, decimals) for v in values))
            rows.append((name, values))
        lines.append("")
        goals.append((str(g), status, rows))
    return "\n".join(lines) + "\n", goals


@settings(max_examples=60, deadline=None)
@given(headed_reports())
def test_generated_headed_reports_come_back_as_printed(report):
    text, goals = report
    doc = parse_text(text, source="generated")
    got = doc.tables["goals"]
    assert list(got["id"]) == [g for g, _, _ in goals] and list(got["status"]) == [s for _, s, _ in goals]
    # Every row comes back exactly, or — where its thousands grouping fits the columns in more than
    # one way ("1 100 4 100") — is reported as unreadable. Never a wrong figure.
    read = {row["name"]: row for _, row in doc.tables["indicators"].iterrows()}
    unreadable = " ".join(p["message"] for p in doc.problems)
    for g, name, values in [(g, name, values) for g, _, rows in goals for name, values in rows]:
        if name not in read:
            assert f"{name} " in unreadable, (name, doc.problems)
            continue
        row = read[name]
        assert row["goal"] == g and row["assignment_certain"]
        for field, value in zip(("outcome", "previous", "target"), values):
            assert (row[field] != row[field]) if value is None else abs(row[field] - value) < 1e-6, (field, row[field], value)
    assert len(read) + len(doc.problems) == sum(len(rows) for _, _, rows in goals)


def test_a_table_of_contents_is_not_prose():
    claims = _headed().tables["claims"]
    assert not any(s.startswith("Innehåll") or "Sammanfattning 3" in s for s in claims["sentence"])


HEADED_PIECES = ["Mål 1: Fler deltar", "Mål 1.2 Trygg miljö", "Verksamhetsmål 3 Bra service", "Bedömning: Uppfyllt",
                 "Måluppfyllelse: Delvis uppfyllt", "Målet nås.", "Analys", "Indikator Utfall 2019 Utfall 2018 Målvärde 2019",
                 "Nyckeltal 2017 2018 2019 Mål 2019", "Indikator Kvinnor Män Totalt Mål", "Aktiviteter Status",
                 "Andel nöjda (%) 85 83 90", "Antal besök 312 000 300 000 305 000", "Antal 1 – –", "– – –",
                 "Införa ny plan Försenad", "Genomförd", "Meritvärde åk 9 225 221 230", "1 100 4 100", "",
                 "mnkr Budget 2019 Utfall 2019 Avvikelse", "Intäkter 45,2 48,1 2,9", "Summa -265,3 -263,9 1,4",
                 "Prosa som fortsätter över raden och slutar med en punkt här.", "åk", "Mål", "Indikator", "(%)"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(HEADED_PIECES), min_size=1, max_size=40))
def test_any_mixture_of_headed_pieces_reads_or_says_why(pieces):
    """The headed reader on shuffled pieces of its layout: tables or a one-line input error,
    never an exception of its own; every finding's rule still runs."""
    from granska.checks.errors import InputError

    try:
        doc = parse_text("Årsredovisning 2019\nNämnden\n\n" + "\n".join(pieces) + "\n", source="mix")
    except InputError:
        return
    check_document(doc, load_rules())


def test_a_verdict_column_in_an_indicator_table_is_words_not_figures():
    """"Indikator Utfall 2019 Mål 2019 Måluppfyllelse" / "… 85 90 Ej uppfyllt": the rows were
    once lost, the verdict words taken for the end of a name."""
    doc = parse_text((LAYOUTS / "maluppfyllelse-kolumn.txt").read_text(encoding="utf-8"), source="m")
    ind = doc.tables["indicators"].set_index("name")
    assert list(ind.index) == ["Andel nöjda besökare (%)", "Antal besök"]
    assert (ind.loc["Antal besök", "outcome"], ind.loc["Antal besök", "target"], ind.loc["Antal besök", "raw"]) == \
        (120, 100, "120 100")
