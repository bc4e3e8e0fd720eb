"""Header-led tables in `pdftotext -layout` text, where nothing but the figures tells a table's
rows from its header (the rows follow the header line with no gap), and where the table that
ends a page is not continued by the next page's table of figures."""
from __future__ import annotations

from granska.checks.readers import read_document

HEAD = "Verksamhetsberättelse 2025\nKultur- och fritidsnämnden\n\n"
INDICATORS = (
    "Mål 1. Fler besöker biblioteken\n"
    "Måluppfyllelse: Delvis uppnått\n"
    " Indikator                                          Utfall 2024     Utfall 2025         Målvärde 2025\n"
    " Antal besök per invånare                                   5,8              6,1                     6,5\n"
    " Andel nöjda besökare, %                                     88               91                      90\n"
    "\n"
    "Besöken ökade men når inte målvärdet.\n"
)


def _read(tmp_path, text):
    path = tmp_path / "rapport.txt"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def test_the_rows_right_under_an_indicator_header_are_rows_not_header(tmp_path):
    doc = _read(tmp_path, HEAD + INDICATORS)
    ind = doc.tables["indicators"]
    got = sorted(zip(ind["name"], ind["previous"], ind["outcome"], ind["target"]))
    assert got == [("Andel nöjda besökare, %", 88.0, 91.0, 90.0), ("Antal besök per invånare", 5.8, 6.1, 6.5)]
    assert set(ind["goal"]) == {"1"}


def test_a_goal_table_ending_a_page_does_not_swallow_the_next_pages_statement(tmp_path):
    goals = (
        "Nämndens mål 2025\n"
        " Mål                                 Indikator                               Utfall 2025    Målvärde    Bedömning\n"
        " Fler läser                          Antal lån per invånare                          4,1     minst 4,0    Uppnått\n"
        " Fler deltar i kulturskolan          Andel elever, %                                  14            15    Ej uppnått\n"
        "\n\n\f"
        "Resultaträkning\n"
        "                                          Utfall   Budget                Utfall\n"
        " tkr                               Not     2025     2025     Avvikelse     2024\n"
        " Verksamhetens intäkter              1    12 135   11 900          235   11 870\n"
        " Verksamhetens kostnader             2   -19 804  -19 950          146  -19 402\n"
        " Verksamhetens nettokostnader            -7 669   -8 050          381   -7 532\n"
    )
    doc = _read(tmp_path, HEAD + goals)
    titles = list(doc.tables["goals"]["title"])
    assert titles == ["Fler läser", "Fler deltar i kulturskolan"]
    assert "Verksamhetens intäkter" in set(doc.tables["budget"]["item"])
