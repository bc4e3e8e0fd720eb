"""granska's renderers and CI gate, working on the plain-data *run* dict only.

Nothing here imports the extraction or rule code: every function takes the run dict the CLI
builds (see reports/FORMAT.md) and returns bytes or text. Importing this package is cheap; the
heavier modules (jinja2 for HTML, rich for the terminal) are only loaded when used.

Public API (one import per module so that `granska --version` stays fast):

    reports.jsonout.to_json_bytes(run) -> bytes
    reports.jsonout.build_summary(run) -> dict
    reports.jsonout.load_schema() -> dict
    reports.junit.to_junit_bytes(run, lang="sv") -> bytes
    reports.sarif.to_sarif_bytes(run, lang="sv") -> bytes
    reports.html.render_html(run, lang="sv", document=None) -> str
    reports.html.render_index(run, lang="sv") -> str
    reports.terminal.print_summary(run, stream, quiet=False, color=None, lang="sv") -> None
    reports.atomic.write_atomic(path, data) -> None
    reports.baseline.load_baseline(path) -> Baseline   (fingerprint -> findings mapping)
    reports.waivers.load_waivers(path, today=None) -> list[Waiver]
    reports.gate.apply_gate(run, baseline=None, waivers=None, fail_on="error", today=None) -> GateResult
    reports.errors.InputError(path, message)

Streamed batches (the documents are read back from a spool file, not held in the run; the bytes
are those of the in-memory functions above): reports.gate.Gate (document(doc) as each arrives,
finish(run) -> GateResult; its tally: reports.common.Tally), reports.jsonout.write_json,
reports.junit.write_junit, reports.sarif.write_sarif, reports.html.write_index,
reports.terminal.print_summary_streamed, reports.atomic.open_atomic.
"""
from __future__ import annotations

FORMAT = "granska/1"

__all__ = ["FORMAT"]
