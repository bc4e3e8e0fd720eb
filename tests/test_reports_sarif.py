"""SARIF 2.1.0, validated against the official OASIS schema.

tests/data/reports/sarif-schema-2.1.0.json is the OASIS "errata01" schema
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json), copied
from github.com/oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json (commit e058381).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from granska.reports.gate import apply_gate
from granska.reports.sarif import artifact_uri, to_sarif_bytes
from granska.reports.waivers import load_waivers

DATA = Path(__file__).parent / "data" / "reports"


def make_run() -> dict:
    return json.loads((DATA / "run.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(run: dict, validator) -> dict:
    log = json.loads(to_sarif_bytes(run))
    validator.validate(log)
    return log


def test_validates_and_describes_the_tool(validator):
    run = make_run()
    log = sarif(run, validator)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "granska" and driver["version"] == "0.1.0"
    assert "informationUri" not in driver
    rule = driver["rules"][0]
    assert rule["id"] == "BUD001" and rule["name"] == "netto-ar-kostnader-plus-intakter"
    assert rule["shortDescription"]["text"].startswith("Netto ska vara summan")
    assert "Why:" in rule["fullDescription"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["category"] == "budget"
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels["IND001"] == "warning" and levels["EXT001"] == "note"


def test_results(validator):
    log = sarif(make_run(), validator)
    runlog = log["runs"][0]
    rules = runlog["tool"]["driver"]["rules"]
    results = runlog["results"]
    assert len(results) == 7
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "datasets/stockholm-ks-vb-2017.txt"
        assert loc["region"]["startLine"] <= loc["region"]["endLine"]
        assert r["partialFingerprints"]["granska/v1"]
    bud = results[0]
    assert bud["level"] == "error"
    assert bud["message"]["text"].startswith("SLK, Bokfört 171231")
    assert bud["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1521, "endLine": 1523,
        "snippet": {"text": "Kostnader 685,7 728,2 -42,5\nIntäkter -99,0 -219,2 120,2\nNetto 586,7 508,9 77,8"}}
    related = bud["relatedLocations"]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 4851
    assert "kopia 2" in related[0]["message"]["text"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    ext = next(r for r in results if r["ruleId"] == "EXT001")
    assert ext["properties"]["certain"] is False


def test_english_messages(validator):
    log = json.loads(to_sarif_bytes(make_run(), lang="en"))
    validator.validate(log)
    assert log["runs"][0]["results"][0]["message"]["text"].startswith("SLK, Bokfört 171231: costs")
    assert log["runs"][0]["language"] == "en-US"


def test_waived_unmatched_and_unreadable(validator, tmp_path):
    run = make_run()
    run["documents"].append({"source": "data\\bad file.txt", "error": "not UTF-8", "findings": []})
    path = tmp_path / "w.yaml"
    path.write_text("- {rule: GOL001, goal: '1.4', reason: Känd, who: Anna, until: 2099-01-01}\n"
                    "- {rule: GOL001, goal: '7.7', reason: Gammal, who: Bo, until: 2099-01-01}\n", encoding="utf-8")
    apply_gate(run, baseline=set(), waivers=load_waivers(path, date(2026, 1, 1)), today=date(2026, 1, 1))
    log = sarif(run, validator)
    runlog = log["runs"][0]
    gol = next(r for r in runlog["results"] if r["ruleId"] == "GOL001")
    assert gol["suppressions"] == [{"kind": "external", "status": "accepted",
                                    "justification": "Känd (Anna, until 2099-01-01)"}]
    wai = next(r for r in runlog["results"] if r["ruleId"] == "WAI001")
    assert wai["level"] == "note"
    assert runlog["tool"]["driver"]["rules"][wai["ruleIndex"]]["id"] == "WAI001"
    assert wai["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    invocation = runlog["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["message"]["text"] == "not UTF-8"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data/bad%20file.txt"


def test_artifact_uri():
    assert artifact_uri("datasets/a.txt") == "datasets/a.txt"
    assert artifact_uri("./datasets\\å b.txt") == "datasets/%C3%A5%20b.txt"
    assert artifact_uri("/srv/r.txt") == "file:///srv/r.txt"
    assert artifact_uri("C:\\r\\x.txt") == "file:///C:/r/x.txt"


def test_deterministic():
    assert to_sarif_bytes(make_run()) == to_sarif_bytes(make_run())
