"""One number format everywhere: the report's, the messages', the generator's and the PDF renderer's."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from granska.checks.engine.findings import render_message
from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
from granska.checks.numbers import MINUS, THIN_SPACE, format_number, parse_number
from granska.checks.readers import read_document
from granska.reports.i18n import format_number as report_number

SAMPLE = Path(__file__).parent.parent / "datasets" / "stockholm-ks-vb-2017.txt"


def test_swedish_format_minus_thin_space_and_printed_decimals():
    assert format_number(-1950.2) == f"{MINUS}1{THIN_SPACE}950,2"
    assert format_number(509.0, 1) == "509,0"           # the decimals the report printed
    assert format_number(509.0) == "509"
    assert format_number(-0.04, 1) == "0,0"              # rounds to zero: no sign
    assert format_number(1234567.891, None, "en") == "1,234,567.891"
    assert format_number(-2460, 0, "en") == f"{MINUS}2,460"
    assert format_number(None) == "–" and format_number("tas fram") == "tas fram"


def test_the_report_and_the_plain_styles_are_the_one_formatter():
    from tests.support.generator import fmt_num
    from tests.support.pdfrender import fmt_number as pdf_number

    assert report_number(-1950.2, "sv", 1) == format_number(-1950.2, 1)
    assert fmt_num(-19502, 1) == "-1 950,2" == pdf_number(-1950.2, 1)
    assert fmt_num(-19502, 1, MINUS) == format_number(-1950.2, 1).replace(THIN_SPACE, " ")


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_a_formatted_number_reads_back(q, d):
    value = q / 10 ** d
    text = format_number(value, d)
    assert parse_number(text) == round(value, d)
    assert text.count(",") == (1 if d else 0)


def test_messages_group_thousands_but_never_years_or_lines():
    template = "Perioden {period} men rapporten avser {report_year}; {target} på rad {body_line}"
    values = {"period": "2016", "report_year": 2017, "target": 2460.0, "body_line": 4133}
    assert render_message(template, values) == f"Perioden 2016 men rapporten avser 2017; 2{THIN_SPACE}460 på rad 4133"
    assert render_message(template, values, "en") == "Perioden 2016 men rapporten avser 2017; 2,460 på rad 4133"


def test_messages_show_the_printed_decimals_and_swedish_quotes():
    assert render_message("'{a}' {b}", {"a": "Uppfylls helt", "b": 509.0}, "sv", {"b": 1}) == "”Uppfylls helt” 509,0"
    assert render_message("'{a}' {b}", {"a": "Uppfylls helt", "b": 509.0}, "en", {"b": 1}) == "“Uppfylls helt” 509.0"


def test_sample_messages_use_the_one_format():
    found = check_document(read_document(SAMPLE), load_rules())
    gol = next(f for f in found if f.rule == "GOL001" and f.values["goal"] == "1.4")
    assert gol.message.endswith(f"nådde 847 st mot årsmålet 2{THIN_SPACE}460 st")
    assert gol.message_en.endswith("reached 847 st against target 2,460 st")
    assert gol.message.startswith("Mål 1.4 anges ”Uppfylls helt”")
    for f in found:  # outside the quoted report text: no plain-space thousands, no hyphen minus
        own = re.sub(r"”[^”]*”", "", f.message)
        assert not re.search(r"\d \d{3}(?!\d)", own) and not re.search(r"(?<![\w-])-\d", own), f.message
