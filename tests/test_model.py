"""checks.model.records: the rows exactly as DataFrame.to_dict("records") gives them, only faster."""
from __future__ import annotations

import math

import pandas as pd

from granska.checks.model import records


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def _assert_like_to_dict(df) -> None:
    expected, got = df.to_dict("records"), records(df)
    assert len(got) == len(expected)
    for want, have in zip(expected, got):
        assert list(have) == list(want)
        assert all(_same(want[k], have[k]) for k in want), (want, have)


def test_records_match_to_dict_on_every_table_and_copy(sample_doc):
    for name, df in sample_doc.tables.items():
        _assert_like_to_dict(df)
        _assert_like_to_dict(df[df["copy"] == 2])


def test_records_empty_cells_and_scalar_types():
    df = pd.DataFrame({
        "page": pd.array([3, None], dtype="Int64"), "x": [1.5, float("nan")], "n": [1, 2],
        "s": pd.array(["a", None], dtype="str"), "o": pd.array(["b", None], dtype=object), "ok": [True, False],
    })
    _assert_like_to_dict(df)
    row = records(df)[1]
    assert row["page"] is None and math.isnan(row["x"]) and type(row["n"]) is int and row["ok"] is False
    assert records(df.iloc[0:0]) == []
