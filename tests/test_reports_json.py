"""granska/1 JSON output: schema, determinism, summary."""
from __future__ import annotations

import copy
import json
import random
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from granska.reports.gate import apply_gate
from granska.reports.jsonout import build_summary, load_schema, to_json_bytes

DATA = Path(__file__).parent / "data" / "reports"


def make_run() -> dict:
    return json.loads((DATA / "run.json").read_text(encoding="utf-8"))


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator(load_schema()).validate(data)


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_output_validates_and_has_the_documented_shape():
    data = json.loads(to_json_bytes(make_run()))
    validate(data)
    assert list(data)[:2] == ["schema", "tool"]
    assert data["schema"] == "granska/1"
    assert "checked_at" not in data
    assert data["resolved"] == []
    doc = data["documents"][0]
    assert doc["error"] is None
    assert {f["state"] for f in doc["findings"]} == {"new"}
    assert doc["budget"][0]["columns"] == ["Justerad budget 2017", "Bokfört 171231", "Avvikelse"]


def test_summary_counts():
    summary = json.loads(to_json_bytes(make_run()))["summary"]
    assert summary["documents"] == 1
    assert summary["documents_with_errors"] == 0
    assert summary["findings"] == 7
    assert summary["by_severity"] == {"error": 2, "warning": 4, "info": 1}
    assert summary["by_category"]["budget"] == 1
    assert summary["by_category"]["narrative"] == 2
    assert summary["by_category"]["input"] == 0
    assert summary["gate"] == {"fail_on": "error", "counted": 2, "exit_code": 1}


def test_same_input_same_bytes_and_no_timestamp():
    run = make_run()
    first = to_json_bytes(run)
    assert to_json_bytes(copy.deepcopy(run)) == first
    other = make_run()
    other["checked_at"] = "2030-01-01T00:00:00+00:00"
    assert to_json_bytes(other) == first
    assert b"2026-11-30" not in first
    text = first.decode("utf-8")
    assert "Färdigställda".lower() in text.lower()          # ensure_ascii=False
    assert text.endswith("}\n") and '\n "tool": {' in text   # indent=1


def _shuffled(value, rng):
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_dict_key_order_does_not_change_the_bytes(seed):
    run = make_run()
    assert to_json_bytes(_shuffled(run, random.Random(seed))) == to_json_bytes(run)


def test_input_is_not_mutated_and_non_finite_numbers_become_null():
    run = make_run()
    run["documents"][0]["indicators"][0]["previous"] = float("nan")
    before = copy.deepcopy(run)
    data = json.loads(to_json_bytes(run))
    assert data["documents"][0]["indicators"][0]["previous"] is None
    assert json.dumps(run, sort_keys=True, default=str) == json.dumps(before, sort_keys=True, default=str)


def test_gate_output_validates(tmp_path):
    run = make_run()
    doc = run["documents"][0]
    baseline = {f["fingerprint"] for f in doc["findings"][:3]} | {"BUD002/gone/00000000"}
    waivers_file = tmp_path / "w.yaml"
    waivers_file.write_text("- {rule: CPY001, section: Politisk organisation, reason: r, who: w, until: 2099-01-01}\n"
                            "- {rule: GOL001, goal: '9.9', reason: r, who: w, until: 2099-01-01}\n", encoding="utf-8")
    from granska.reports.waivers import load_waivers

    result = apply_gate(run, baseline=baseline, waivers=load_waivers(waivers_file, date(2026, 1, 1)),
                        fail_on="warning", today=date(2026, 1, 1))
    data = json.loads(to_json_bytes(run))
    validate(data)
    assert data["summary"]["gate"] == {"fail_on": "warning", "counted": result.counted, "exit_code": 1}
    assert data["summary"]["by_state"] == {"new": 4, "unchanged": 3, "waived": 1}
    assert data["summary"]["resolved"] == 1
    assert [f["rule"] for f in data["findings"]] == ["WAI001"]


def test_unreadable_document_validates_and_is_summarised():
    run = make_run()
    run["documents"].append({"source": "datasets/trasig.txt", "sha256": None, "organisation": None, "kind": None,
                             "year": None, "copies": None, "error": "not UTF-8 text (byte 0xff at offset 12)",
                             "findings": []})
    data = json.loads(to_json_bytes(run))
    validate(data)
    assert data["summary"]["documents_with_errors"] == 1
    assert data["summary"]["gate"]["exit_code"] == 2


def test_schema_rejects_what_is_not_granska_1():
    data = json.loads(to_json_bytes(make_run()))
    bad = copy.deepcopy(data)
    bad["schema"] = "granska/2"
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
    bad = copy.deepcopy(data)
    bad["documents"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_build_summary_without_gate_uses_fail_on_error():
    run = make_run()
    assert build_summary(run)["gate"]["fail_on"] == "error"
    run["summary"] = {"gate": {"fail_on": "never", "counted": 0, "exit_code": 0}}
    assert build_summary(run)["gate"]["fail_on"] == "never"


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).parent / "data" / "layouts").glob("*.txt")))
def test_every_layouts_output_validates(name):
    from granska.checks.engine.rules import load_rules
    from granska.checks.runner import build_run, document_result

    rules = load_rules()
    doc = document_result(Path(__file__).parent / "data" / "layouts" / name, rules)
    assert doc["error"] is None
    validate(json.loads(to_json_bytes(build_run([doc], rules, "2026-01-01T00:00:00+00:00"))))
