"""UI strings (sv, en) and number formatting for the human-readable reports."""
from __future__ import annotations

import math
from typing import Any

LANGS = ("sv", "en")

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Granskning",
        "report_for": "Granskningsrapport",
        "batch_title": "Granskning av flera rapporter",
        "source": "Källfil",
        "sha256": "SHA-256",
        "checked_at": "Kontrollerad",
        "version": "granska-version",
        "packs": "Regelpaket",
        "rules_version": "Regelversion",
        "organisation": "Organisation",
        "kind": "Rapporttyp",
        "year": "År",
        "copies": "Kopior av rapporten",
        "summary": "Sammanfattning",
        "by_severity": "Efter allvarlighetsgrad",
        "by_category": "Efter kategori",
        "by_state": "Efter läge",
        "count": "Antal",
        "category": "Kategori",
        "severity": "Allvarlighet",
        "rule": "Regel",
        "state": "Läge",
        "findings": "Fynd",
        "no_findings": "Inga fynd.",
        "filters": "Filtrera fynd",
        "all": "Alla",
        "search": "Sök",
        "search_placeholder": "Sök i meddelanden, regler och utdrag",
        "showing": "Visar {shown} av {total} fynd",
        "reset": "Visa alla",
        "goals": "Mål och måluppfyllelse",
        "goal_tree_note": "Inriktningsmål → KF:s mål → nämndmål, med status så som den är tryckt.",
        "no_goals": "Inga mål hittades i rapporten.",
        "status": "Status",
        "status_missing": "ingen status angiven",
        "contradicted": "motsägs av {n} fynd",
        "indicators": "Indikatorer",
        "indicator": "Indikator",
        "outcome": "Utfall",
        "target": "Årsmål",
        "kf_target": "KF:s årsmål",
        "previous": "Föregående",
        "period": "Period",
        "chart": "Utfall mot mål",
        "direction": "Riktning",
        "dir_higher": "högre är bättre",
        "dir_lower": "lägre är bättre (tak)",
        "dir_band": "inom intervall",
        "dir_unknown": "okänd riktning",
        "missed": "målet nås inte",
        "met": "målet nås",
        "not_judged": "kan inte bedömas",
        "uncertain": "osäker tolkning",
        "uncertain_title": "Kolumnerna kan tolkas på flera sätt; osäkra fält: {fields}",
        "orphan_indicators": "Indikatorer utan känt mål",
        "level_inriktningsmål": "Inriktningsmål",
        "level_kf-mål": "KF:s mål",
        "level_nämndmål": "Nämndmål",
        "budget": "Budget och utfall",
        "budget_note": "Tabellen är omritad ur rapporten; celler som inte stämmer är markerade med det väntade värdet bredvid.",
        "no_budget": "Inga budgettabeller hittades i rapporten.",
        "section": "Avsnitt",
        "item": "Rad",
        "expected": "väntat",
        "cell_fail": "stämmer inte",
        "line": "rad",
        "lines": "rader",
        "page": "sida",
        "copy": "kopia",
        "place": "Plats",
        "also_at": "Samma text även på",
        "excerpt": "Utdrag ur källan",
        "values": "Värden",
        "value": "Värde",
        "field": "Fält",
        "certain_false": "bygger på en osäker kolumntolkning",
        "state_new": "ny",
        "state_unchanged": "oförändrad",
        "state_waived": "undantagen",
        "state_resolved": "åtgärdad",
        "waiver": "Undantag",
        "waiver_by": "av",
        "waiver_until": "gäller till",
        "waiver_expired": "Undantaget har löpt ut",
        "resolved": "Åtgärdade sedan baslinjen",
        "resolved_note": "Fynd i baslinjen som inte längre finns.",
        "run_findings": "Fynd om körningen",
        "run_findings_note": "Fynd som inte hör till ett enskilt dokument, t.ex. undantag som inte matchar något.",
        "rule_docs": "Regler som gav fynd",
        "rule_pack": "Regelpaket",
        "back_to_findings": "Till fynden",
        "unreadable": "Dokumentet kunde inte läsas",
        "documents": "Dokument",
        "document": "Dokument",
        "worst": "Allvarligaste fynd",
        "report_link": "Rapport",
        "open_report": "Öppna",
        "since_previous": "Sedan förra körningen",
        "new_count": "nya",
        "resolved_count": "åtgärdade",
        "trend": "Trend",
        "trend_title": "Antal fynd per körning: {values}",
        "gate": "Grind",
        "contents": "Innehåll",
        "generated_by": "Skapad av granska {version}",
        "no_js_note": "",
        "unknown": "–",
        "sev_error": "Fel",
        "sev_warning": "Varning",
        "sev_info": "Notering",
        "cat_budget": "Budget",
        "cat_indicator": "Indikator",
        "cat_goal": "Mål",
        "cat_narrative": "Löptext",
        "cat_copy": "Kopior",
        "cat_extraction": "Inläsning",
        "cat_input": "Indata",
        "n_error_1": "{n} fel",
        "n_error_n": "{n} fel",
        "n_warning_1": "{n} varning",
        "n_warning_n": "{n} varningar",
        "n_info_1": "{n} notering",
        "n_info_n": "{n} noteringar",
        "and": "och",
        "none_found": "Inga fynd",
        "gate_pass": "rapporten klarar grinden (fail-on {fail_on})",
        "gate_fail": "rapporten klarar inte grinden (fail-on {fail_on})",
        "gate_never": "grinden är avstängd (fail-on never)",
        "gate_unreadable": "{n} dokument kunde inte läsas",
        "run_gate_pass": "körningen klarar grinden (fail-on {fail_on})",
        "run_gate_fail": "körningen klarar inte grinden (fail-on {fail_on})",
        "counted_note": "{n} räknas mot grinden",
        "not_counted_note": "oförändrade och undantagna fynd räknas inte mot grinden",
    },
    "en": {
        "title": "Audit",
        "report_for": "Audit report",
        "batch_title": "Audit of several reports",
        "source": "Source file",
        "sha256": "SHA-256",
        "checked_at": "Checked",
        "version": "granska version",
        "packs": "Rule packs",
        "rules_version": "Rules version",
        "organisation": "Organisation",
        "kind": "Report kind",
        "year": "Year",
        "copies": "Copies of the report",
        "summary": "Summary",
        "by_severity": "By severity",
        "by_category": "By category",
        "by_state": "By state",
        "count": "Count",
        "category": "Category",
        "severity": "Severity",
        "rule": "Rule",
        "state": "State",
        "findings": "Findings",
        "no_findings": "No findings.",
        "filters": "Filter findings",
        "all": "All",
        "search": "Search",
        "search_placeholder": "Search messages, rules and excerpts",
        "showing": "Showing {shown} of {total} findings",
        "reset": "Show all",
        "goals": "Goals and goal fulfilment",
        "goal_tree_note": "Direction goals → council goals → board goals, with the status as printed.",
        "no_goals": "No goals were found in the report.",
        "status": "Status",
        "status_missing": "no status given",
        "contradicted": "contradicted by {n} finding(s)",
        "indicators": "Indicators",
        "indicator": "Indicator",
        "outcome": "Outcome",
        "target": "Annual target",
        "kf_target": "Council target",
        "previous": "Previous",
        "period": "Period",
        "chart": "Outcome vs target",
        "direction": "Direction",
        "dir_higher": "higher is better",
        "dir_lower": "lower is better (ceiling)",
        "dir_band": "within a band",
        "dir_unknown": "unknown direction",
        "missed": "target missed",
        "met": "target met",
        "not_judged": "cannot be judged",
        "uncertain": "uncertain reading",
        "uncertain_title": "The columns can be read in more than one way; uncertain fields: {fields}",
        "orphan_indicators": "Indicators without a known goal",
        "level_inriktningsmål": "Direction goal",
        "level_kf-mål": "Council goal",
        "level_nämndmål": "Board goal",
        "budget": "Budget and actuals",
        "budget_note": "The table is redrawn from the report; cells that do not add up are marked with the expected value beside them.",
        "no_budget": "No budget tables were found in the report.",
        "section": "Section",
        "item": "Row",
        "expected": "expected",
        "cell_fail": "does not add up",
        "line": "line",
        "lines": "lines",
        "page": "page",
        "copy": "copy",
        "place": "Location",
        "also_at": "Same text also at",
        "excerpt": "Source excerpt",
        "values": "Values",
        "value": "Value",
        "field": "Field",
        "certain_false": "rests on an uncertain column reading",
        "state_new": "new",
        "state_unchanged": "unchanged",
        "state_waived": "waived",
        "state_resolved": "resolved",
        "waiver": "Waiver",
        "waiver_by": "by",
        "waiver_until": "valid until",
        "waiver_expired": "The waiver has expired",
        "resolved": "Resolved since the baseline",
        "resolved_note": "Findings of the baseline that are no longer present.",
        "run_findings": "Findings about the run",
        "run_findings_note": "Findings that belong to no single document, e.g. waivers that match nothing.",
        "rule_docs": "Rules that produced findings",
        "rule_pack": "Rule pack",
        "back_to_findings": "Back to findings",
        "unreadable": "The document could not be read",
        "documents": "Documents",
        "document": "Document",
        "worst": "Most severe finding",
        "report_link": "Report",
        "open_report": "Open",
        "since_previous": "Since the previous run",
        "new_count": "new",
        "resolved_count": "resolved",
        "trend": "Trend",
        "trend_title": "Findings per run: {values}",
        "gate": "Gate",
        "contents": "Contents",
        "generated_by": "Generated by granska {version}",
        "no_js_note": "",
        "unknown": "–",
        "sev_error": "Error",
        "sev_warning": "Warning",
        "sev_info": "Info",
        "cat_budget": "Budget",
        "cat_indicator": "Indicator",
        "cat_goal": "Goal",
        "cat_narrative": "Narrative",
        "cat_copy": "Copies",
        "cat_extraction": "Extraction",
        "cat_input": "Input",
        "n_error_1": "{n} error",
        "n_error_n": "{n} errors",
        "n_warning_1": "{n} warning",
        "n_warning_n": "{n} warnings",
        "n_info_1": "{n} note",
        "n_info_n": "{n} notes",
        "and": "and",
        "none_found": "No findings",
        "gate_pass": "the report passes the gate (fail-on {fail_on})",
        "gate_fail": "the report fails the gate (fail-on {fail_on})",
        "gate_never": "the gate is off (fail-on never)",
        "gate_unreadable": "{n} document(s) could not be read",
        "run_gate_pass": "the run passes the gate (fail-on {fail_on})",
        "run_gate_fail": "the run fails the gate (fail-on {fail_on})",
        "counted_note": "{n} count toward the gate",
        "not_counted_note": "unchanged and waived findings do not count toward the gate",
    },
}


def strings(lang: str) -> dict[str, str]:
    if lang not in STRINGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return STRINGS[lang]


def label(lang: str, prefix: str, key: Any) -> str:
    """A translated label such as severity 'error' -> 'Fel'; unknown keys are shown as given."""
    return STRINGS[lang].get(f"{prefix}_{key}", str(key))


def count_phrase(counts: dict[str, int], lang: str) -> str:
    """'3 fel, 2 varningar och 1 notering' (zero counts left out)."""
    s = strings(lang)
    parts = [s[f"n_{sev}_{'1' if n == 1 else 'n'}"].format(n=n)
             for sev, n in ((k, counts.get(k, 0)) for k in ("error", "warning", "info")) if n]
    if not parts:
        return s["none_found"]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {s['and']} " + parts[-1]


def verdict(counts: dict[str, int], fail_on: str, counted: int, lang: str, unreadable: int = 0,
            scope: str = "report") -> str:
    """One sentence: counts and whether the gate passes."""
    s = strings(lang)
    prefix = "run_" if scope == "run" else ""
    if fail_on == "never":
        gate = s["gate_never"]
    elif counted or unreadable:
        gate = s[prefix + "gate_fail"].format(fail_on=fail_on)
    else:
        gate = s[prefix + "gate_pass"].format(fail_on=fail_on)
    text = f"{count_phrase(counts, lang)}; {gate}"
    if unreadable:
        text += "; " + s["gate_unreadable"].format(n=unreadable)
    return text + "."


def format_number(value: Any, lang: str, decimals: int | None = None) -> str:
    """1950.2 -> '1 950,2' (sv, with a narrow no-break space) or '1,950.2' (en); minus is U+2212."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return str(value)
    if decimals is None:
        text = f"{number:,.2f}".rstrip("0").rstrip(".") if number != int(number) else f"{int(number):,}"
    else:
        text = f"{number:,.{max(0, int(decimals))}f}"
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    if lang == "sv":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text
