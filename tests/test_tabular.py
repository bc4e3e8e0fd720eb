"""Structured input: extract -> CSV folder / XLSX -> read gives the same tables, exactly."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from granska.checks.errors import InputError
from granska.checks.readers.tabular import (DOCUMENT_COLUMNS, TABLES, normalise, read_folder, read_xlsx, write_tables,
                                    write_xlsx)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
HAND_PDF = ROOT / "datasets" / "pdf" / "hand-ks-2017.pdf"


@pytest.fixture(scope="session")
def sample(sample_doc):
    return sample_doc


@pytest.fixture(scope="module")
def extracted(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("extract")
    written = write_tables(sample, out)
    return out, written


def assert_same_tables(a: dict, b: dict) -> None:
    na = normalise(a)
    for name in TABLES:
        assert_frame_equal(na[name].reset_index(drop=True), b[name].reset_index(drop=True), check_exact=True,
                           obj=name)


def assert_same_meta(a: dict, b: dict) -> None:
    for k in DOCUMENT_COLUMNS:
        assert a[k] == b[k], k


def test_write_tables_writes_utf8_bom_csvs(extracted, sample):
    out, written = extracted
    assert sorted(p.name for p in written) == sorted(["document.csv"] + [f"{t}.csv" for t in TABLES])
    for p in written:
        assert p.read_bytes().startswith(b"\xef\xbb\xbf"), p.name
    with open(out / "document.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [{"organisation": "Kommunstyrelsen", "kind": "verksamhetsberättelse", "year": "2017",
                     "source": str(SAMPLE), "sha256": sample.meta["sha256"], "copies": "2",
                     "lines": str(sample.meta["lines"])}]
    with open(out / "indicators.csv", encoding="utf-8-sig", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert first["assignment_certain"] in ("true", "false") and first["outcome"] == "80.0"


def test_csv_round_trip_is_exact(extracted, sample):
    out, _ = extracted
    doc = read_folder(out)
    assert_same_tables(sample.tables, doc.tables)
    assert_same_meta(sample.meta, doc.meta)
    assert doc.lines == [] and doc.meta["source_kind"] == "tabular"
    assert doc.problems == []
    # and again: extract of the read-back document writes the same bytes
    again = out.parent / "again"
    write_tables(doc, again)
    for name in ["document"] + list(TABLES):
        assert (again / f"{name}.csv").read_bytes() == (out / f"{name}.csv").read_bytes(), name


def test_xlsx_round_trip_and_an_edited_cell(sample, tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "rapport.xlsx"
    write_xlsx(sample, book)
    doc = read_xlsx(book)
    assert_same_tables(sample.tables, doc.tables)
    assert_same_meta(sample.meta, doc.meta)
    # a preparer corrects one outcome in Excel
    wb = load_workbook(book)
    ws = wb["indicators"]
    header = [c.value for c in ws[1]]
    col = header.index("outcome") + 1
    name_col = header.index("name") + 1
    target_row = next(r for r in range(2, ws.max_row + 1)
                      if ws.cell(r, name_col).value == "Antal färdigställda studentbostäder")
    ws.cell(target_row, col).value = 2500
    wb.save(book)
    edited = read_xlsx(book)
    ind = edited.tables["indicators"]
    assert ind.loc[target_row - 2, "outcome"] == 2500.0
    expected = normalise(sample.tables)["indicators"].copy()
    expected.loc[target_row - 2, "outcome"] = 2500.0
    assert_frame_equal(expected, ind, check_exact=True)


def test_pdf_document_round_trip(tmp_path):
    from granska.checks.readers.geometry import read_pdf_document as read_pdf

    doc = read_pdf(HAND_PDF)
    write_tables(doc, tmp_path / "t")
    back = read_folder(tmp_path / "t")
    assert_same_tables(doc.tables, back.tables)
    write_xlsx(doc, tmp_path / "t.xlsx")
    assert_same_tables(doc.tables, read_xlsx(tmp_path / "t.xlsx").tables)


def test_missing_file_names_the_file(extracted, tmp_path):
    out, _ = extracted
    folder = tmp_path / "f"
    shutil.copytree(out, folder)
    (folder / "indicators.csv").unlink()
    with pytest.raises(InputError) as info:
        read_folder(folder)
    assert "indicators.csv" in str(info.value) and "\n" not in str(info.value)


def test_optional_files_may_be_left_out(extracted, tmp_path, sample):
    out, _ = extracted
    folder = tmp_path / "f"
    shutil.copytree(out, folder)
    for name in ("claims", "activities", "budget_columns"):
        (folder / f"{name}.csv").unlink()
    doc = read_folder(folder)
    assert doc.tables["claims"].empty and doc.tables["activities"].empty
    cols = doc.tables["budget_columns"]
    assert list(cols["column"]) == ["Justerad budget 2017", "Bokfört 171231", "Avvikelse"]
    assert list(cols["role"]) == ["budget", "actual", "deviation"]
    assert len(doc.tables["budget"]) == len(sample.tables["budget"])


def test_missing_column_names_file_and_column(extracted, tmp_path):
    out, _ = extracted
    folder = tmp_path / "f"
    shutil.copytree(out, folder)
    df = pd.read_csv(folder / "goals.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.drop(columns=["status"]).to_csv(folder / "goals.csv", index=False, encoding="utf-8-sig")
    with pytest.raises(InputError) as info:
        read_folder(folder)
    msg = str(info.value)
    assert "goals.csv" in msg and "status" in msg and "\n" not in msg


def test_bad_number_names_file_and_column(extracted, tmp_path):
    out, _ = extracted
    folder = tmp_path / "f"
    shutil.copytree(out, folder)
    df = pd.read_csv(folder / "indicators.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.loc[0, "target"] = "många"
    df.to_csv(folder / "indicators.csv", index=False, encoding="utf-8-sig")
    with pytest.raises(InputError) as info:
        read_folder(folder)
    assert "indicators.csv" in str(info.value) and "target" in str(info.value)


def test_missing_sheet_and_column_in_xlsx(sample, tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "r.xlsx"
    write_xlsx(sample, book)
    wb = load_workbook(book)
    del wb["budget"]
    wb.save(book)
    with pytest.raises(InputError) as info:
        read_xlsx(book)
    assert "budget" in str(info.value) and "sheet" in str(info.value)

    write_xlsx(sample, book)
    wb = load_workbook(book)
    ws = wb["indicators"]
    col = [c.value for c in ws[1]].index("name") + 1
    ws.delete_cols(col)
    wb.save(book)
    with pytest.raises(InputError) as info:
        read_xlsx(book)
    msg = str(info.value)
    assert "indicators" in msg and "name" in msg and "\n" not in msg


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as info:
        read_xlsx(bad)
    assert "XLSX" in str(info.value)


def test_a_preparers_minimal_tables(tmp_path):
    """Only the required columns, Swedish numbers, Excel-ish booleans: defaults fill the rest."""
    folder = tmp_path / "min"
    folder.mkdir()
    files = {
        "document.csv": "organisation,kind,year\nKulturnämnden,verksamhetsberättelse,2019\n",
        "goals.csv": "id,level,title,status\n1.1,kf-mål,Alla har nära till kultur,helt\n",
        "indicators.csv": "goal,name,outcome,target,kf_target,period\n"
                          "1.1,Antal besökare (max),\"1 950,5\",2000,,2019\n"
                          "1.1,Sjukfrånvaro,\"−4,2\",5,5,VB 2019\n",
        "budget.csv": "table,section,item,Budget,Utfall,Avvikelse\n"
                      "Kulturförvaltningen,Nämnd,Kostnader,\"1 000,0\",\"950,0\",\"50,0\"\n",
        "activities.csv": "goal,text,start,end,deviation\n1.1,Öppna ett bibliotek,2019-01-01,2019-12-31,ja\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")  # without BOM
    doc = read_folder(folder)
    ind = doc.tables["indicators"]
    assert list(ind["outcome"]) == [1950.5, -4.2]
    assert list(ind["line"]) == [2, 3]  # the CSV line of the row
    assert ind["assignment_certain"].all()
    assert list(ind["direction"]) == ["lower", "lower"]
    assert doc.tables["activities"]["deviation"].tolist() == [True]
    bud = doc.tables["budget"]
    assert bud.loc[0, "Budget"] == 1000.0 and bud.loc[0, "role"] == "kostnader"
    assert list(doc.tables["budget_columns"]["role"]) == ["budget", "actual", "deviation"]
    assert doc.meta["year"] == 2019 and doc.meta["copies"] == 1
    assert doc.problems == []


def test_schema_breaking_row_becomes_a_problem(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "document.csv").write_text("organisation,kind,year\nX,okänd,2019\n", encoding="utf-8")
    (folder / "goals.csv").write_text("id,level,title,status\n1.1,kf-mål,Mål,helt\n1.2,kf-mål,Mål 2,kanske\n",
                                      encoding="utf-8")
    (folder / "indicators.csv").write_text("goal,name,outcome,target,kf_target,period\n", encoding="utf-8")
    (folder / "budget.csv").write_text("table,section,item\n", encoding="utf-8")
    doc = read_folder(folder)
    assert list(doc.tables["goals"]["id"]) == ["1.1"]
    assert any("status" in p["message"] for p in doc.problems)


@pytest.mark.parametrize("name", ["mal-bedomning.txt", "positiva-belopp.txt", "delar-nyckeltal.txt"])
def test_other_layouts_round_trip_through_csv_with_the_same_findings(name, tmp_path):
    """Activities without dates (a status table) once came back as "" dates the schema refused."""
    from granska.checks.engine.rules import load_rules
    from granska.checks.engine.run import check_document
    from granska.checks.readers.text import read_text_file

    doc = read_text_file(ROOT / "tests" / "data" / "layouts" / name)
    write_tables(doc, tmp_path)
    back = read_folder(tmp_path)
    assert back.problems == doc.problems
    rules = load_rules()  # EXT001 too: what could not be read travels in problems.csv
    assert [f.fingerprint for f in check_document(back, rules)] == [f.fingerprint for f in check_document(doc, rules)]
    assert (tmp_path / "problems.csv").exists() == bool(doc.problems)
    xlsx = write_xlsx(doc, tmp_path / "t.xlsx")
    assert [f.fingerprint for f in check_document(read_xlsx(xlsx), rules)] == \
        [f.fingerprint for f in check_document(doc, rules)]


# --- tables edited by people: Swedish Excel, left-out columns, cells that cannot be read -------------

import json  # noqa: E402

import hostile  # noqa: E402
from granska.checks import cli  # noqa: E402


def findings_of(path, tmp_path, capsys) -> list[str]:
    out = tmp_path / f"{Path(path).name}.json"
    code = cli.main(["check", str(path), "--no-html", "--json", str(out), "--quiet", "--fail-on", "never"])
    err = capsys.readouterr().err
    assert code == 0, err
    return sorted(f["fingerprint"] for d in json.loads(out.read_text(encoding="utf-8"))["documents"]
                  for f in d["findings"])


def one_error(path, capsys) -> str:
    assert cli.main(["check", str(path), "--no-html", "--quiet", "--fail-on", "never"]) == 2
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("granska: ")]
    assert len(lines) == 1, lines
    return lines[0]


def edit(folder: Path, table: str, change) -> None:
    """Rewrite one CSV: change(header, rows) edits the lists in place."""
    f = folder / f"{table}.csv"
    rows = list(csv.reader(f.read_text(encoding="utf-8-sig").splitlines()))
    change(rows[0], rows[1:])
    with open(f, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_a_folder_saved_by_swedish_excel_is_checked_like_granskas_own(extracted, tmp_path, capsys, encoding):
    folder, _ = extracted
    excel = tmp_path / "excel"
    hostile.excel_saved(folder, excel, encoding)
    assert b";" in (excel / "budget.csv").read_bytes().splitlines()[0]
    assert findings_of(excel, tmp_path, capsys) == findings_of(folder, tmp_path, capsys)


@pytest.mark.parametrize("table, column", [("indicators", "end_line"), ("indicators", "value_line"),
                                           ("budget", "end_line"), ("claims", "end_line"), ("claims", "paragraph")])
@pytest.mark.parametrize("how", ["left out", "empty"])
def test_optional_position_columns_may_be_left_out_or_empty(extracted, tmp_path, capsys, table, column, how):
    folder, _ = extracted
    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)

    def change(header, rows):
        k = header.index(column)
        for r in [header, *rows] if how == "left out" else rows:
            if how == "left out":
                del r[k]
            else:
                r[k] = ""

    edit(edited, table, change)
    assert findings_of(edited, tmp_path, capsys)  # read and checked, no "internt fel"


def test_claims_figures_that_are_not_json_name_the_file_row_and_column(extracted, tmp_path, capsys):
    folder, _ = extracted
    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    edit(edited, "claims", lambda header, rows: rows[2].__setitem__(header.index("figures"), "63,2 mnkr"))
    line = one_error(edited, capsys)
    assert line.startswith(f"granska: {edited / 'claims.csv'}: rad 4, kolumn figures: inte JSON (")
    edit(edited, "claims", lambda header, rows: rows[2].__setitem__(header.index("figures"), '[{"value": "63,2"}]'))
    assert one_error(edited, capsys) == (f"granska: {edited / 'claims.csv'}: rad 4, kolumn figures: siffra 1 saknar "
                                         'ett numeriskt "value" (figure 1 has no numeric value)')


def test_figures_with_only_a_value_are_completed(extracted, tmp_path, capsys):
    folder, _ = extracted
    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    edit(edited, "claims", lambda header, rows: rows[0].__setitem__(header.index("figures"), '[{"value": 5}]'))
    doc = read_folder(edited)
    figure = json.loads(doc.tables["claims"]["figures"][0])[0]
    assert figure == {"value": 5, "raw": "5", "unit": "", "hedge": None, "noun": "", "decimals": 0,
                      "at": max(0, doc.tables["claims"]["sentence"][0].find("5"))}


def test_a_cell_that_is_not_a_number_names_row_and_column(extracted, tmp_path, capsys):
    folder, _ = extracted
    edited = tmp_path / "edited"
    shutil.copytree(folder, edited)
    edit(edited, "indicators", lambda header, rows: rows[4].__setitem__(header.index("outcome"), "åttio"))
    assert one_error(edited, capsys) == (f"granska: {edited / 'indicators.csv'}: rad 6, kolumn outcome: 'åttio' "
                                         "är inte ett tal (not a number)")


def test_a_formula_without_a_saved_value_names_sheet_row_and_column(tmp_path, capsys):
    tables = dict(hostile.MINIMAL_TABLES)
    header, first = tables["indicators"]
    tables["indicators"] = [header, [first[0], first[1], ("B2*2", None), 100, None, "2017"]]
    book = tmp_path / "formel.xlsx"
    book.write_bytes(hostile.xlsx({name: hostile.sheet_xml(rows) for name, rows in tables.items()}))
    assert one_error(book, capsys) == (f"granska: {book}: bladet indicators, rad 2, kolumn outcome: formeln '=B2*2' "
                                       "har inget sparat värde; öppna och spara arbetsboken i Excel "
                                       "(formula without a cached value)")
    tables["indicators"] = [header, [first[0], first[1], ("B2*2", 120), 100, None, "2017"]]
    book.write_bytes(hostile.xlsx({name: hostile.sheet_xml(rows) for name, rows in tables.items()}))
    assert read_xlsx(book).tables["indicators"]["outcome"].tolist() == [120.0]
