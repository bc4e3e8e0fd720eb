"""Readers turn a report file into a Document of tables. One module per input kind/layout."""
from __future__ import annotations

from pathlib import Path

from granska.checks.errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md"}


def read_document(path: str | Path):
    """Dispatch on the file kind; every failure is an InputError naming the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        from granska.checks.readers import tabular

        return tabular.read_folder(path)
    if suffix == ".pdf":
        from granska.checks.readers.geometry import read_pdf_document

        return read_pdf_document(path)
    if suffix in (".xlsx", ".xlsm"):
        from granska.checks.readers import tabular

        return tabular.read_xlsx(path)
    if suffix in TEXT_SUFFIXES or suffix == "":
        from granska.checks.readers import text

        return text.read_text_file(path)
    raise InputError(path, f"okänd filtyp '{suffix}' (use .txt, .pdf, .xlsx or a folder of CSV files)")
