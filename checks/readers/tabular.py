"""Structured input: the tables themselves, as a folder of CSV files or one XLSX workbook.

For preparers who keep their report's figures in tables (and for `granska extract`, whose
output can be edited and checked again):

- `read_folder(dir)`: document.csv, goals.csv, indicators.csv, activities.csv, budget.csv,
  budget_columns.csv, claims.csv (UTF-8, with or without BOM; the files `write_tables` writes).
- `read_xlsx(file)`: one workbook, one sheet per table, named like the files without ".csv".
- `write_tables(doc, dir)` / `write_xlsx(doc, file)`: the other direction.

Required: document, goals, indicators and budget (file or sheet) with the columns in REQUIRED;
activities, budget_columns and claims may be left out (empty tables; budget_columns is then
derived from the budget's value headers). Every other column may be left out and gets its
default (line = the row's line in the CSV file / row in the sheet, page empty, copy 1,
assignment_certain true, direction from the name). A missing required file, sheet or column
is an InputError naming it.

Types are normalised the same way on reading and before writing (`normalise`), so that
extract -> read_folder -> extract is exact: numbers float (empty = NaN), line/copy int,
page/period_year/... nullable Int64, flags bool, everything else text ("" when empty).
The Document has no source lines (`lines == []`): evidence then carries no excerpt.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from granska.checks.errors import InputError
from granska.checks.model import DOCUMENT_COLUMNS, PROBLEM_COLUMNS  # the table model (checks/model.py)
from granska.checks.model import FRAME_TABLES as TABLES

REQUIRED_TABLES = ("document", "goals", "indicators", "budget")
REQUIRED = {
    "document": ["organisation", "kind", "year"],
    "goals": ["id", "level", "title", "status"],
    "indicators": ["goal", "name", "outcome", "target", "kf_target", "period"],
    "activities": ["goal", "text", "start", "end"],
    "budget": ["table", "section", "item"],
    "budget_columns": ["table", "column", "role"],
    "claims": ["sentence", "figures"],
    "problems": ["line", "message"],
}
# problems.csv: what the reader could not read (EXT001 …), kept beside the tables so that
# extract -> edit -> check still says so; written only when there is something to say.
OPTIONAL = ("problems",)
def _model_columns(kind: str) -> set[str]:
    from granska.checks.model import TABLES

    return {c.name for t in TABLES for c in t.columns if c.kind == kind}


FLOAT_COLUMNS = _model_columns("num")  # the table model's numeric columns (outcome … progress)
INT_COLUMNS = {"line", "copy"}
NULLABLE_INT_COLUMNS = {"page", "period_year", "previous_year", "value_line", "end_line", "analysis_line",
                        "analysis_end", "deviation_line", "paragraph"}
BOOL_COLUMNS = _model_columns("bool")
DATE_COLUMNS = {"start", "end"}  # an empty date is no date (None), not the text "" the schema refuses
BOOL_DEFAULT = {"assignment_certain": True, "deviation": False, "complete": True}
TRUE_WORDS = {"true", "1", "ja", "yes", "sant", "x", "1.0"}
FALSE_WORDS = {"false", "0", "nej", "no", "falskt", "", "0.0"}


# ---------------------------------------------------------------------------------------------
# normalising


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(v, str) and v.strip() == ""


def _to_float(v: Any, where: str) -> float:
    if _missing(v):
        return math.nan
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip()
    try:
        return float(s)
    except ValueError:
        pass
    from granska.checks.numbers import parse_cell_number

    value = parse_cell_number(s.replace("\u2212", "-"))  # Swedish "1 950,2", "(42,5)"
    if value is None:
        raise ValueError(f"{_cell(s)} är inte ett tal (not a number)")
    return value


def _to_int(v: Any, where: str) -> int | None:
    if _missing(v):
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int,)):
        return int(v)
    f = _to_float(v, where)
    if math.isnan(f):
        return None
    if f != int(f):
        raise ValueError(f"{_cell(v)} är inte ett heltal (not an integer)")
    return int(f)


def _to_bool(v: Any, column: str, where: str) -> bool:
    if _missing(v):
        return BOOL_DEFAULT.get(column, False)
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    raise ValueError(f"{_cell(v)} är inte sant/falskt (not a boolean)")


def _cell(v: Any) -> str:
    """A cell's content for a message: quoted, on one line, cut."""
    text = " ".join(str(v).split())
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _to_text(v: Any) -> str:
    if _missing(v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        return str(int(v))  # an id typed as a number in Excel: 1.0 -> "1"
    if hasattr(v, "isoformat") and not isinstance(v, str):  # a date cell
        return v.isoformat()[:10]
    return str(v)


def _value_columns(name: str, columns) -> list[str]:
    from granska.checks.model import COLUMNS

    if name != "budget":
        return []
    return [c for c in columns if c not in COLUMNS["budget"]]


def normalise_frame(name: str, df, source: str = "", where: str = ""):
    """One table with granska's column order and normalised types. A cell that cannot be read is
    an InputError naming `source` (the file), `where` ("bladet indicators, " in a workbook), the
    row (as a spreadsheet numbers it: the header is row 1) and the column."""
    import pandas as pd

    from granska.checks.model import COLUMNS, TABLE

    base = list(COLUMNS[name])
    value_cols = _value_columns(name, df.columns)
    at = TABLE[name].value_columns_at
    cols = base[:at] + value_cols + base[at:] if at is not None else base
    extra = [c for c in df.columns if c not in cols]
    cols = cols + extra
    n = len(df)
    out: dict[str, list] = {}
    records = df.to_dict("records") if n else []
    for col in cols:
        raw = [r.get(col) for r in records] if col in df.columns else [None] * n
        if col in FLOAT_COLUMNS or col in value_cols:
            out[col] = pd.array(_cells(_to_float, raw, source, where, col), dtype="float64")
        elif col in INT_COLUMNS:
            vals = _cells(_to_int, raw, source, where, col)
            default = 1 if col == "copy" else None
            if col == "line":
                vals = [v if v is not None else k + 2 for k, v in enumerate(vals)]
            else:
                vals = [v if v is not None else default for v in vals]
            out[col] = pd.array(vals, dtype="int64")
        elif col in NULLABLE_INT_COLUMNS:
            out[col] = pd.array(_cells(_to_int, raw, source, where, col), dtype="Int64")
        elif col in BOOL_COLUMNS:
            out[col] = pd.array(_cells(lambda v, w: _to_bool(v, col, w), raw, source, where, col), dtype="bool")
        elif name == "budget" and col == "decimals":
            out[col] = pd.array([v or 0 for v in _cells(_to_int, raw, source, where, col)], dtype="int64")
        elif col in DATE_COLUMNS:
            out[col] = pd.array([_to_text(v) or None for v in raw], dtype=object)
        else:
            out[col] = pd.array([_to_text(v) for v in raw], dtype=object)
    frame = pd.DataFrame(out, columns=cols)
    _fill_spans(frame)
    if name == "claims":
        frame["figures"] = [_figures(v, s, source, where, k) for k, (v, s) in
                            enumerate(zip(frame["figures"], frame["sentence"]))]
    return frame


def _cells(convert, raw: list, source: str, where: str, col: str) -> list:
    out = []
    for k, v in enumerate(raw):
        try:
            out.append(convert(v, col))
        except ValueError as exc:
            raise InputError(source or "tabell", f"{where}rad {k + 2}, kolumn {col}: {exc}") from None
    return out


def _fill_spans(frame) -> None:
    """Optional position columns left out or empty: a row spans its own line (end_line, value_line
    = line) and a claim is a paragraph of its own — what the rules assume of every row."""
    if "line" not in frame.columns or not len(frame):
        return
    for col in ("end_line", "value_line", "paragraph"):
        if col in frame.columns:
            frame[col] = frame[col].fillna(frame["line"].astype("Int64"))


_FIGURE_KEYS = {"value": (int, float), "unit": (str,), "raw": (str,), "decimals": (int,), "hedge": (str, type(None)),
                "noun": (str,), "at": (int,)}


def _figures(text: str, sentence: str, source: str, where: str, k: int) -> str:
    """A claim's figures cell: a JSON list of {"value", "unit", "raw", "decimals", "hedge", "at"}
    (docs/DESIGN.md), checked and completed (unit "", raw as the value, decimals from raw,
    hedge null, at where raw stands in the sentence). Returned as canonical JSON."""
    import json

    def fail(reason: str) -> InputError:
        return InputError(source or "claims", f"{where}rad {k + 2}, kolumn figures: {reason}")

    if not text.strip():
        return ""
    try:
        figures = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise fail(f"inte JSON ({' '.join(str(exc).split())[:80]}); en lista som "
                   '[{"value": 63.2, "unit": "mnkr", "raw": "63,2 mnkr", "decimals": 1}] (not JSON)') from None
    if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures):
        raise fail("ska vara en JSON-lista med ett objekt per siffra (a JSON list of objects)")
    out = []
    for n, f in enumerate(figures, start=1):
        if isinstance(f.get("value"), bool) or not isinstance(f.get("value"), (int, float)):
            raise fail(f"siffra {n} saknar ett numeriskt \"value\" (figure {n} has no numeric value)")
        fig = dict(f)  # granska's own figures keep their bytes; what is left out is filled in
        raw = fig.setdefault("raw", str(f["value"]))
        for key, default in (("unit", ""), ("hedge", None), ("noun", "")):
            if fig.get(key) is None:
                fig[key] = default
        if fig.get("decimals") is None:
            fig["decimals"] = _decimals(raw) if isinstance(raw, str) else 0
        if fig.get("at") is None:
            fig["at"] = max(0, sentence.find(raw)) if isinstance(raw, str) else 0
        for key, want in _FIGURE_KEYS.items():
            if not isinstance(fig[key], want) or (key in ("decimals", "at") and (isinstance(fig[key], bool) or fig[key] < 0)):
                raise fail(f"siffra {n}: \"{key}\" har fel typ ({_cell(fig[key])}; wrong type)")
        out.append(fig)
    return json.dumps(out, ensure_ascii=False) if out else ""


def _decimals(raw: str) -> int:
    from granska.checks.numbers import decimals_of

    return decimals_of(raw)


def normalise(tables: dict) -> dict:
    """All tables normalised (see normalise_frame); missing tables become empty ones."""
    import pandas as pd

    out = {}
    for name in TABLES:
        df = tables.get(name)
        out[name] = normalise_frame(name, df if df is not None else pd.DataFrame())
    return out


# ---------------------------------------------------------------------------------------------
# reading


def _check_columns(name: str, columns, where: str) -> None:
    have = {str(c).strip() for c in columns}
    missing = [c for c in REQUIRED[name] if c not in have]
    if missing:
        raise InputError(where, f"kolumn saknas: {', '.join(missing)} (missing column"
                                f"{'s' if len(missing) > 1 else ''} in {name})")


def _stored_problems(df, source: str, prefix: str = "") -> list[dict]:
    """problems.csv (or the problems sheet) as the reader's problems: line, page, copy, code,
    message, params (checks.problems)."""
    from granska.checks.problems import stored

    if df is None:
        return []
    out = []
    for k, r in enumerate(df.to_dict("records")):
        def number(col: str) -> int | None:
            try:
                return _to_int(r.get(col), col)
            except ValueError as exc:
                raise InputError(source, f"{prefix}rad {k + 2}, kolumn {col}: {exc}") from None

        out.append(stored(number("line") or 1, number("page"), number("copy") or 1, _to_text(r.get("code")),
                          _to_text(r.get("message")), _to_text(r.get("params"))))
    return out


def _finish(frames: dict, meta_row: dict, source: str, sha256: str, where: dict[str, tuple[str, str]]):
    """Build the Document from raw frames (all values as read); where: table -> (the file an
    error names, the prefix that places it: "" for a CSV, "bladet NAME, " in a workbook)."""
    import pandas as pd

    from granska.checks import model
    from granska.checks.catalogue import direction_of
    from granska.checks.document import Document
    from granska.checks.readers.budget import column_roles

    tables: dict = {}
    for name in TABLES:
        df = frames.get(name)
        if df is None:
            df = pd.DataFrame(columns=REQUIRED[name])
        df = df.rename(columns=lambda c: str(c).strip())
        source_of, prefix = where.get(name, (name, ""))
        tables[name] = normalise_frame(name, df, source=source_of, where=prefix)
    ind = tables["indicators"]
    if len(ind) and "direction" not in frames["indicators"].columns:
        ind["direction"] = [direction_of(n, t, k) for n, t, k in
                            zip(ind["name"], ind["target_text"], ind["kf_target_text"])]
    elif len(ind):
        ind["direction"] = [d if d else direction_of(n, t, k) for d, n, t, k in
                            zip(ind["direction"], ind["name"], ind["target_text"], ind["kf_target_text"])]
    if len(ind):
        from granska.checks.readers.indicators import period_kind

        ind["period_kind"] = [period_kind(p) for p in ind["period"]]
    bud = tables["budget"]
    if len(bud):
        from granska.checks.readers.budget import item_role

        bud["role"] = [r if r else item_role(i) for r, i in zip(bud["role"], bud["item"])]
        bud["block"] = [b if b else ("totalt" if r == "totalt" else "summa" if r.startswith("summa") else "drift")
                        for b, r in zip(bud["block"], bud["role"])]
    if frames.get("budget_columns") is None and len(bud):
        rows = []
        headers = _value_columns("budget", bud.columns)
        for table in dict.fromkeys(bud["table"]):
            rows.extend({"table": table, "column": col, "role": role, "copy": 1}
                        for col, role in zip(headers, column_roles(headers)))
        tables["budget_columns"] = normalise_frame("budget_columns", pd.DataFrame(rows))
    checked, problems = model.validate(tables)
    problems = _stored_problems(frames.get("problems"), *where.get("problems", (source, ""))) + problems
    # validate() coerces; keep our normalised dtypes for the rows it kept
    for name in TABLES:
        if len(checked[name]) != len(tables[name]):
            tables[name] = tables[name].loc[checked[name].index].reset_index(drop=True)
    doc_source, doc_prefix = where.get("document", (source, ""))

    def meta_int(col: str) -> int | None:
        try:
            return _to_int(meta_row.get(col), col)
        except ValueError as exc:
            raise InputError(doc_source, f"{doc_prefix}rad 2, kolumn {col}: {exc}") from None

    meta = {
        "organisation": _to_text(meta_row.get("organisation")),
        "kind": _to_text(meta_row.get("kind")) or "okänd",
        "year": meta_int("year"),
        "source": _to_text(meta_row.get("source")) or source,
        "sha256": _to_text(meta_row.get("sha256")) or sha256,
        "tables_sha256": sha256,  # the tables' own hash, beside the source's they were extracted from
        "copies": meta_int("copies") or 1,
        "lines": meta_int("lines") or 0,
        "source_kind": "tabular",
        "input": source,
    }
    return Document(meta=meta, tables=tables, lines=[], pages={}, problems=problems)


def read_folder(path: str | Path):
    """A folder of table CSVs -> Document: the files `granska extract` writes, or the same saved
    again by Excel (`;` or tab between columns, decimal comma, cp1252, UTF-8 with or without BOM,
    UTF-16 with BOM)."""
    import io

    import pandas as pd

    from granska.checks.readers.source import read_bytes

    path = Path(path)
    if not path.is_dir():
        raise InputError(path, "ingen katalog (not a folder of CSV tables)")
    frames: dict = {}
    where: dict[str, tuple[str, str]] = {}
    digest = hashlib.sha256()
    for name in ("document",) + TABLES + OPTIONAL:
        f = path / f"{name}.csv"
        where[name] = (str(f), "")
        if not f.exists() and not f.is_symlink():
            if name in REQUIRED_TABLES:
                raise InputError(f, f"filen saknas: {name}.csv (missing required table file)")
            continue
        data = read_bytes(f, allow_empty=True)
        digest.update(name.encode() + b"\0" + data)
        text = decode_csv(data, f)
        if not text.strip():
            raise InputError(f, "filen är tom (empty file; it needs at least a header row)")
        header = text.split("\n", 1)[0]
        try:
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                             sep=csv_separator(header), engine="python")
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv_error()) as exc:
            raise InputError(f, f"trasig CSV: {' '.join(str(exc).split())[:160]}") from None
        df = df.rename(columns=lambda c: str(c).strip())
        _check_columns(name, df.columns, str(f))
        frames[name] = df
    doc_rows = frames.pop("document").to_dict("records")
    if len(doc_rows) != 1:
        raise InputError(path / "document.csv", f"ska ha exakt en rad, har {len(doc_rows)} (needs exactly one row)")
    return _finish(frames, doc_rows[0], str(path), digest.hexdigest(), where)


def csv_error():
    import csv

    return csv.Error


def decode_csv(data: bytes, path: object) -> str:
    """UTF-16 with BOM (Excel's "Unicode text"), UTF-8 with or without BOM, else cp1252 (Excel's
    "CSV (semikolonavgränsad)" on Swedish Windows). Table cells are checked one by one, so a
    wrong guess shows as a cell that cannot be read, not as a silently changed letter in prose."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "trasig UTF-16-text (invalid UTF-16)") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"varken UTF-8 eller cp1252 (byte {exc.start}; save the CSV as UTF-8)") from None


def csv_separator(header: str) -> str:
    """The column separator, from the header row (granska's column names hold none of them)."""
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


MAX_XLSX_EXPANDED = 100 * 1024 * 1024  # a report's tables unpack to well under 5 MB
MAX_SHEET_ROWS = 200_000


def _open_workbook(data: bytes, path: Path, formulas: bool):
    import io
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError) as exc:
        raise InputError(path, f"ingen läsbar XLSX-arbetsbok ({type(exc).__name__})") from None


def _check_zip(data: bytes, path: Path) -> None:
    """Refuse a workbook that unpacks to more than MAX_XLSX_EXPANDED (a zip bomb) before any XML
    is parsed. The sizes are the archive's own; zipfile never inflates a member past its size."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise InputError(path, f"ingen läsbar XLSX-arbetsbok ({type(exc).__name__})") from None
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_XLSX_EXPANDED or len(members) > 10_000:
        raise InputError(path, f"arbetsboken packas upp till {expanded // (1024 * 1024)} MB "
                               f"(> {MAX_XLSX_EXPANDED // (1024 * 1024)} MB; an archive this large is no report's tables)")


def _sheet_rows(ws, formulas_ws, name: str, path: Path) -> list[list]:
    """The sheet's rows as values, streamed (read-only mode) and never padded to the sheet's
    claimed dimension (a sheet may claim A1:XFD1048576). A formula cell without a saved value is
    an error naming its row and column: granska does not compute formulas."""
    from itertools import zip_longest

    ws.reset_dimensions()  # ignore <dimension>: rows as long as their last real cell
    formulas_ws.reset_dimensions()
    rows: list[list] = []
    header: list[str] = []
    for k, (values, formulas) in enumerate(zip_longest(ws.iter_rows(values_only=True),
                                                       formulas_ws.iter_rows(values_only=True), fillvalue=())):
        if k >= MAX_SHEET_ROWS:
            raise InputError(path, f"bladet {name} har fler än {MAX_SHEET_ROWS} rader (too many rows)")
        row = list(values)
        if k == 0:
            header = [str(h).strip() if h is not None else "" for h in row]
        for c, (v, f) in enumerate(zip(row, formulas)):
            if v is None and isinstance(f, str) and f.startswith("="):
                column = header[c] if c < len(header) and header[c] else _column_letter(c)
                raise InputError(path, f"bladet {name}, rad {k + 1}, kolumn {column}: formeln {_cell(f)} har inget "
                                       "sparat värde; öppna och spara arbetsboken i Excel "
                                       "(formula without a cached value)")
        rows.append(row)
    return rows


def _column_letter(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(c + 1)


def read_xlsx(path: str | Path):
    """One workbook with a sheet per table -> Document."""
    import pandas as pd

    from granska.checks.readers.source import read_bytes

    path = Path(path)
    data = read_bytes(path)
    _check_zip(data, path)
    try:
        wb = _open_workbook(data, path, formulas=False)
        wf = _open_workbook(data, path, formulas=True)
    except ImportError:  # pragma: no cover - installed with granska
        raise InputError(path, "openpyxl saknas; installera granska med XLSX-stöd") from None
    sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
    formula_sheets = {ws.title.strip().lower(): ws for ws in wf.worksheets}
    frames: dict = {}
    where: dict[str, tuple[str, str]] = {}
    try:
        for name in ("document",) + TABLES + OPTIONAL:
            where[name] = (str(path), f"bladet {name}, ")
            ws = sheets.get(name)
            if ws is None:
                if name in REQUIRED_TABLES:
                    raise InputError(path, f"bladet saknas: {name} (missing required sheet; sheets: "
                                           f"{', '.join(s.title for s in wb.worksheets) or 'none'})")
                continue
            rows = _sheet_rows(ws, formula_sheets[name], name, path)
            while rows and all(_missing(v) for v in rows[-1]):
                rows.pop()
            if not rows:
                raise InputError(path, f"bladet {name} är tomt (empty sheet; it needs a header row)")
            header = [str(h).strip() if h is not None else "" for h in rows[0]]
            width = len(header)
            while width and header[width - 1] == "":
                width -= 1
            header = header[:width]
            body = [(r + [None] * width)[:width] for r in rows[1:]]
            df = pd.DataFrame(body, columns=header, dtype=object) if body else pd.DataFrame(columns=header)
            try:
                _check_columns(name, df.columns, f"{path} [{name}]")
            except InputError as exc:
                raise InputError(path, f"bladet {name}: {exc.message}") from None
            frames[name] = df
    except (KeyError, ValueError, TypeError, EOFError, OSError) as exc:  # a damaged sheet inside the archive
        raise InputError(path, f"ett blad i arbetsboken kan inte läsas ({type(exc).__name__}: "
                               f"{' '.join(str(exc).split())[:120]})") from None
    finally:
        wb.close()
        wf.close()
    doc_rows = frames.pop("document").to_dict("records")
    if len(doc_rows) != 1:
        raise InputError(path, f"bladet document ska ha exakt en rad, har {len(doc_rows)}")
    return _finish(frames, doc_rows[0], str(path), hashlib.sha256(data).hexdigest(), where)


# ---------------------------------------------------------------------------------------------
# writing


def _document_row(doc) -> dict:
    m = doc.meta
    return {"organisation": m.get("organisation") or "", "kind": m.get("kind") or "okänd",
            "year": m.get("year"), "source": m.get("source") or "", "sha256": m.get("sha256") or "",
            "copies": m.get("copies") or 1, "lines": m.get("lines") if m.get("lines") is not None else len(doc.lines)}


def _csv_value(v: Any) -> str:
    if _missing(v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v) if v != int(v) or abs(v) >= 1e15 else f"{v:.1f}"
    return str(v)


def _write_csv(path: Path, columns: list[str], rows) -> None:
    import csv

    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_csv_value(v) for v in r])
    tmp.replace(path)


def write_tables(doc, out_dir: str | Path) -> list[Path]:
    """One CSV per table plus document.csv (UTF-8 with BOM); returns the files written."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out, f"kan inte skapa katalogen: {exc.strerror or exc}") from None
    tables = normalise(doc.tables)
    written = []
    try:
        p = out / "document.csv"
        row = _document_row(doc)
        _write_csv(p, DOCUMENT_COLUMNS, [[row[c] for c in DOCUMENT_COLUMNS]])
        written.append(p)
        for name in TABLES:
            df = tables[name]
            p = out / f"{name}.csv"
            _write_csv(p, list(df.columns), df.itertuples(index=False, name=None))
            written.append(p)
        if doc.problems:
            p = out / "problems.csv"
            _write_csv(p, PROBLEM_COLUMNS, (_problem_row(q) for q in doc.problems))
            written.append(p)
    except OSError as exc:
        raise InputError(out, f"kan inte skriva tabellerna: {exc.strerror or exc}") from None
    return written


def _problem_row(q: dict) -> list:
    from granska.checks.problems import params_json

    return [params_json(q) if c == "params" else q.get(c) for c in PROBLEM_COLUMNS]


def _xlsx_value(v: Any):
    if _missing(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalar
        v = v.item()
    return v


def write_xlsx(doc, path: str | Path) -> Path:
    """One workbook: a sheet per table (document first), header row in bold, frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    tables = normalise(doc.tables)
    wb = Workbook()
    ws = wb.active
    ws.title = "document"
    sheets = [("document", DOCUMENT_COLUMNS, [[_document_row(doc)[c] for c in DOCUMENT_COLUMNS]])]
    sheets += [(name, list(tables[name].columns), tables[name].itertuples(index=False, name=None))
               for name in TABLES]
    if doc.problems:
        sheets.append(("problems", PROBLEM_COLUMNS, [_problem_row(q) for q in doc.problems]))
    for k, (name, cols, rows) in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet(name)
        ws.append(cols)
        for c in ws[1]:
            c.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for r in rows:
            ws.append([_xlsx_value(v) for v in r])
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(tmp)
        tmp.replace(path)
    except OSError as exc:
        raise InputError(path, f"kan inte skriva arbetsboken: {exc.strerror or exc}") from None
    return path


def tables_equal(a: dict, b: dict) -> list[str]:
    """Differences between two sets of tables after normalising (empty list = equal)."""
    diffs = []
    na, nb = normalise(a), normalise(b)
    for name in TABLES:
        x, y = na[name].reset_index(drop=True), nb[name].reset_index(drop=True)
        if list(x.columns) != list(y.columns):
            diffs.append(f"{name}: columns {list(x.columns)} != {list(y.columns)}")
            continue
        if len(x) != len(y):
            diffs.append(f"{name}: {len(x)} rows != {len(y)} rows")
            continue
        for col in x.columns:
            for k, (u, v) in enumerate(zip(x[col], y[col])):
                if _missing(u) and _missing(v):
                    continue
                if isinstance(u, float) and isinstance(v, float) and u == v:
                    continue
                if u != v:
                    diffs.append(f"{name}[{k}].{col}: {u!r} != {v!r}")
                    break
    return diffs

