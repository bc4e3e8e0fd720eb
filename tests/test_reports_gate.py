"""The CI gate: baseline, waivers, states, thresholds and the exit code."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from granska.reports.baseline import load_baseline
from granska.reports.errors import InputError
from granska.reports.gate import apply_gate
from granska.reports.jsonout import to_json_bytes
from granska.reports.waivers import load_waivers

DATA = Path(__file__).parent / "data" / "reports"
TODAY = date(2026, 11, 30)


def make_run() -> dict:
    return json.loads((DATA / "run.json").read_text(encoding="utf-8"))


def findings(run: dict) -> list[dict]:
    return run["documents"][0]["findings"]


def by_rule(run: dict, rule: str) -> list[dict]:
    return [f for f in findings(run) if f["rule"] == rule]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- states and baseline

def test_without_baseline_every_finding_is_new_and_errors_fail():
    run = make_run()
    result = apply_gate(run, today=TODAY)
    assert {f["state"] for f in findings(run)} == {"new"}
    assert result.exit_code == 1 and result.counted == 2 and not result.passed
    assert run["summary"]["gate"] == {"fail_on": "error", "counted": 2, "exit_code": 1}
    assert run["resolved"] == []


def test_baseline_new_unchanged_and_resolved(tmp_path):
    old = make_run()
    gone = findings(old)[0]                       # BUD001, fixed since
    base = write(tmp_path, "base.json", to_json_bytes(old).decode("utf-8"))

    run = make_run()
    del findings(run)[0]
    added = dict(findings(run)[0], rule="GOL002", name="ny-regel", fingerprint="GOL002/1.4/ny/12345678")
    findings(run).append(added)

    baseline = load_baseline(base)
    assert gone["fingerprint"] in baseline and len(baseline) == 7
    result = apply_gate(run, baseline=baseline, today=TODAY)
    states = {f["fingerprint"]: f["state"] for f in findings(run)}
    assert states.pop(added["fingerprint"]) == "new"
    assert set(states.values()) == {"unchanged"}
    assert [r["fingerprint"] for r in run["resolved"]] == [gone["fingerprint"]]
    assert run["resolved"][0]["state"] == "resolved"
    assert run["resolved"][0]["source"] == "datasets/stockholm-ks-vb-2017.txt"
    assert result.resolved == 1
    # GOL002 is severity error and new: it alone fails the gate
    assert result.counted == 1 and result.exit_code == 1
    assert result.by_state == {"new": 1, "unchanged": 6, "waived": 0}


def test_baseline_same_fingerprint_in_another_document_is_new(tmp_path):
    old = make_run()
    base = write(tmp_path, "base.json", to_json_bytes(old).decode("utf-8"))
    run = make_run()
    other = json.loads(json.dumps(run["documents"][0]))
    other["source"] = "datasets/goteborg-2017.txt"
    run["documents"].append(other)
    apply_gate(run, baseline=load_baseline(base), today=TODAY)
    assert {f["state"] for f in run["documents"][0]["findings"]} == {"unchanged"}
    assert {f["state"] for f in run["documents"][1]["findings"]} == {"new"}


def test_renamed_single_document_still_matches(tmp_path):
    base = write(tmp_path, "base.json", to_json_bytes(make_run()).decode("utf-8"))
    run = make_run()
    run["documents"][0]["source"] = "elsewhere/renamed.txt"
    result = apply_gate(run, baseline=load_baseline(base), today=TODAY)
    assert {f["state"] for f in findings(run)} == {"unchanged"}
    assert result.exit_code == 0 and run["resolved"] == []


def test_baseline_as_plain_fingerprints():
    run = make_run()
    fps = {f["fingerprint"] for f in findings(run) if f["severity"] == "error"}
    result = apply_gate(run, baseline=fps | {"BUD002/old/deadbeef"}, today=TODAY)
    assert result.exit_code == 0
    assert run["resolved"] == [{"fingerprint": "BUD002/old/deadbeef", "source": None, "rule": "BUD002", "state": "resolved"}]


@pytest.mark.parametrize("content, why", [
    ("this is not json", "not JSON"),
    ('{"schema": "sarif", "documents": []}', "schema"),
    ('[1, 2, 3]', "schema"),
    ('{"schema": "granska/1", "documents": {}}', "documents"),
    ('{"schema": "granska/1", "documents": [{"source": "a", "findings": [{"rule": "BUD001"}]}]}', "fingerprint"),
])
def test_baseline_that_is_not_ours_is_an_input_error(tmp_path, content, why):
    path = write(tmp_path, "base.json", content)
    with pytest.raises(InputError) as err:
        load_baseline(path)
    assert err.value.path == str(path)
    assert why in err.value.message
    assert "\n" not in str(err.value) and str(err.value).startswith(str(path) + ": ")


def test_missing_baseline_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_baseline(tmp_path / "nope.json")


# --------------------------------------------------------------------------- waivers

WAIVERS = """\
waivers:
  - rule: GOL001
    goal: "1.4"
    reason: Studentbostäderna redovisas i separat uppföljning
    who: Anna Revisor
    until: 2099-12-31
  - fingerprint: {fp}
    reason: Känd avrundning
    who: Bo
    until: 2027-01-31
  - rule: IND001
    indicator: "antal  nyanlända MED bostad"
    reason: Könsuppdelningen är ofullständig
    who: Bo
    until: 2026-01-01
  - rule: BUD001
    section: Finns inte
    reason: Gammalt undantag
    who: Bo
    until: 2099-01-01
"""


def test_waived_expired_and_unmatched(tmp_path):
    run = make_run()
    bud = by_rule(run, "BUD001")[0]
    path = write(tmp_path, "waivers.yaml", WAIVERS.format(fp=bud["fingerprint"]))
    waivers = load_waivers(path, TODAY)
    assert [w.index for w in waivers] == [1, 2, 3, 4]
    assert [w.expired for w in waivers] == [False, False, True, False]

    result = apply_gate(run, waivers=waivers, today=TODAY)
    gol = by_rule(run, "GOL001")[0]
    assert gol["state"] == "waived"
    assert gol["waiver"] == {"reason": "Studentbostäderna redovisas i separat uppföljning", "who": "Anna Revisor",
                             "until": "2099-12-31"}
    assert bud["state"] == "waived" and bud["waiver"]["who"] == "Bo"
    ind = by_rule(run, "IND001")[0]
    assert ind["state"] == "new" and "waiver" not in ind
    assert ind["waiver_expired"] == {"reason": "Könsuppdelningen är ofullständig", "who": "Bo", "until": "2026-01-01"}

    wai = run["findings"]
    assert [f["rule"] for f in wai] == ["WAI001"]
    assert wai[0]["severity"] == "info" and wai[0]["category"] == "input"
    assert wai[0]["line"] == 16 and wai[0]["values"]["entry"] == 4 and wai[0]["source"] == str(path)
    assert "Finns inte" in wai[0]["message"]
    assert result.unmatched_waivers == 1
    # both errors are waived: the gate passes at fail-on error, fails at warning
    assert result.exit_code == 0 and result.counted == 0
    assert apply_gate(run, waivers=waivers, fail_on="warning", today=TODAY).counted == 4
    # applying again replaces, it does not duplicate
    assert [f["rule"] for f in run["findings"]] == ["WAI001"]
    assert apply_gate(run, waivers=waivers, fail_on="info", today=TODAY).counted == 6


def test_gate_today_overrides_load_time(tmp_path):
    run = make_run()
    path = write(tmp_path, "w.yaml", "- {rule: GOL001, goal: '1.4', reason: r, who: w, until: 2026-06-01}\n")
    waivers = load_waivers(path, date(2026, 1, 1))
    apply_gate(run, waivers=waivers)                      # today=None: the load-time verdict (active)
    assert by_rule(run, "GOL001")[0]["state"] == "waived"
    apply_gate(run, waivers=waivers, today=date(2026, 6, 2))
    assert by_rule(run, "GOL001")[0]["state"] == "new"
    assert by_rule(run, "GOL001")[0]["waiver_expired"]["until"] == "2026-06-01"
    apply_gate(run, waivers=waivers, today=date(2026, 6, 1))   # valid through its last day
    assert by_rule(run, "GOL001")[0]["state"] == "waived"


def test_waiver_source_limits_it_to_one_document(tmp_path):
    run = make_run()
    path = write(tmp_path, "w.yaml",
                 "- {rule: GOL001, goal: '1.4', source: stockholm-ks-vb-2017.txt, reason: r, who: w, until: 2099-01-01}\n"
                 "- {rule: BUD001, section: SLK, source: other.txt, reason: r, who: w, until: 2099-01-01}\n")
    apply_gate(run, waivers=load_waivers(path, TODAY), today=TODAY)
    assert by_rule(run, "GOL001")[0]["state"] == "waived"
    assert by_rule(run, "BUD001")[0]["state"] == "new"
    assert [f["values"]["entry"] for f in run["findings"]] == [2]


def test_waiver_keeps_goal_text_as_written(tmp_path):
    path = write(tmp_path, "w.yaml", "- {rule: GOL001, goal: 1.10, reason: r, who: w, until: 2099-01-01}\n")
    assert load_waivers(path, TODAY)[0].goal == "1.10"


def test_empty_waiver_file_is_no_waivers(tmp_path):
    assert load_waivers(write(tmp_path, "w.yaml", ""), TODAY) == []
    assert load_waivers(write(tmp_path, "w2.yaml", "waivers: []\n"), TODAY) == []


@pytest.mark.parametrize("text, message", [
    ("waivers: {rule: GOL001}\n", "expected a list"),
    ("just a string\n", "expected a list"),
    ("other: []\n", "single key 'waivers'"),
    ("- {rule: GOL001, goal: '1.4', who: w, until: 2099-01-01}\n", "waiver 1 (line 1): missing 'reason'"),
    ("- {rule: GOL001, goal: '1.4', reason: r, until: 2099-01-01}\n", "missing 'who'"),
    ("- {rule: GOL001, goal: '1.4', reason: r, who: w}\n", "missing 'until'"),
    ("- {rule: GOL001, goal: '1.4', reason: '', who: w, until: 2099-01-01}\n", "'reason' is empty"),
    ("- {rule: GOL001, goal: '1.4', reason: r, who: w, until: 31/12/2099}\n", "YYYY-MM-DD"),
    ("- {rule: GOL001, goal: '1.4', reason: r, who: w, until: 2099-02-30}\n", "not a valid date"),
    ("- {rule: GOL001, goal: '1.4', reason: r, who: w, until: '2099-01-01 10:00'}\n", "YYYY-MM-DD"),
    ("- {fingerprint: x, reason: r, who: w, until: 2099-01-01}\n"
     "- {rule: GOL001, goal: '1.4', reson: r, who: w, until: 2099-01-01}\n", "waiver 2 (line 2): unknown key 'reson'"),
    ("- {rule: GOL001, reason: r, who: w, until: 2099-01-01}\n", "exactly one of goal"),
    ("- {rule: GOL001, goal: '1', section: S, reason: r, who: w, until: 2099-01-01}\n", "exactly one of goal"),
    ("- {goal: '1.4', reason: r, who: w, until: 2099-01-01}\n", "needs 'fingerprint'"),
    ("- {fingerprint: x, rule: GOL001, reason: r, who: w, until: 2099-01-01}\n", "not both"),
    ("- {fingerprint: [a, b], reason: r, who: w, until: 2099-01-01}\n", "single value"),
    ("- just text\n", "expected a mapping"),
    ("- {fingerprint: x, fingerprint: y, reason: r, who: w, until: 2099-01-01}\n", "given twice"),
    ("- {fingerprint: x, reason: r, who: w, until: 2099-01-01\n", "not valid YAML"),
    ("--- []\n--- []\n", "not valid YAML"),
    ("- !!python/object:os.system {fingerprint: x}\n", "unsupported YAML tag"),
    ("- {fingerprint: !custom x, reason: r, who: w, until: 2099-01-01}\n", "unsupported YAML tag"),
])
def test_malformed_waiver_file_is_an_input_error(tmp_path, text, message):
    path = write(tmp_path, "waivers.yaml", text)
    with pytest.raises(InputError) as err:
        load_waivers(path, TODAY)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path) + ": ")
    assert "\n" not in str(err.value)


# --------------------------------------------------------------------------- thresholds and exit codes

@pytest.mark.parametrize("fail_on, counted, code", [
    ("error", 2, 1), ("warning", 6, 1), ("info", 7, 1), ("never", 0, 0),
])
def test_fail_on_thresholds(fail_on, counted, code):
    run = make_run()
    result = apply_gate(run, fail_on=fail_on, today=TODAY)
    assert (result.counted, result.exit_code) == (counted, code)
    assert run["summary"]["gate"] == {"fail_on": fail_on, "counted": counted, "exit_code": code}


def test_only_warnings_pass_at_error():
    run = make_run()
    for f in findings(run):
        if f["severity"] == "error":
            f["severity"] = "warning"
    assert apply_gate(run, fail_on="error", today=TODAY).exit_code == 0
    assert apply_gate(run, fail_on="warning", today=TODAY).exit_code == 1


def test_clean_run_exits_zero():
    run = make_run()
    findings(run).clear()
    result = apply_gate(run, fail_on="info", today=TODAY)
    assert result.exit_code == 0 and result.passed


@pytest.mark.parametrize("fail_on", ["error", "never"])
def test_unreadable_document_is_exit_2(fail_on):
    run = make_run()
    findings(run).clear()
    run["documents"].append({"source": "x.txt", "error": "cannot read: Permission denied", "findings": []})
    result = apply_gate(run, fail_on=fail_on, today=TODAY)
    assert result.exit_code == 2 and result.documents_with_errors == 1


def test_unknown_fail_on_is_rejected():
    with pytest.raises(ValueError):
        apply_gate(make_run(), fail_on="fatal")
