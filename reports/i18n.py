"""UI strings (sv, en) and number formatting for the human-readable reports."""
from __future__ import annotations

from typing import Any

from granska.checks.numbers import format_number as _format

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
        "by_category": "Efter kategori",
        "by_state": "Jämfört med baslinjen",
        "count": "Antal",
        "category": "Kategori",
        "severity": "Allvarlighet",
        "rule": "Regel",
        "state": "Fynd",
        "findings": "Fynd",
        "no_findings": "Inga fynd.",
        "filters": "Filtrera fynd",
        "all": "Alla",
        "search": "Sök",
        "search_placeholder": "Sök i meddelanden, regler och utdrag",
        "search_docs_placeholder": "Sök organisation, fil eller fynd",
        "showing": "Visar {shown} av {total} fynd",
        "showing_docs": "Visar {shown} av {total} dokument",
        "reset": "Visa alla",
        "goals": "Mål och måluppfyllelse",
        "goal_tree_note": "Inriktningsmål → KF:s mål → nämndmål, med status så som den är tryckt.",
        "goal_tree_note_headed": "Målen med sina indikatorer, med status så som den är tryckt.",
        "no_goals": "Inga mål hittades i rapporten.",
        "status": "Bedömning",
        "status_missing": "ingen bedömning angiven",
        "status_by_children": "bedöms i målen under",
        "contradicted": "statusen motsägs av {n} fynd",
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
        "level_mål": "Mål",
        "budget": "Budget och utfall",
        "budget_note": "Tabellen är omritad ur rapporten; celler som inte stämmer är markerade med det väntade värdet bredvid.",
        "no_budget": "Inga budgettabeller hittades i rapporten.",
        "section": "Avsnitt",
        "item": "Rad",
        "expected": "väntat",
        "picture_alt": "Utsnitt av sidan {page} i rapporten; cellen som inte stämmer är inramad i rött med det väntade värdet bredvid, cellerna den räknas från i blått",
        "picture_caption": "Sidan {page} i PDF:en · klicka för hela sidan",
        "page_alt": "Sidan {page} i rapporten, med fyndens celler inramade",
        "page_close": "Stäng",
        "cell_fail": "stämmer inte",
        "line": "rad",
        "lines": "rader",
        "page": "sida",
        "copy": "kopia",
        "place": "Plats",
        "also_at": "Samma text även på",
        "compared_at": "Jämförs med",
        "excerpt": "Utdrag ur källan",
        "values": "Värden",
        "value": "Värde",
        "field": "Fält",
        "certain_false": "bygger på en osäker kolumntolkning",
        "fingerprint": "Fingeravtryck",
        "state_new": "nytt",
        "state_unchanged": "oförändrat",
        "state_waived": "undantaget",
        "state_resolved": "åtgärdat",
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
        "contents": "Innehåll",
        "generated_by": "Skapad av granska {version}",
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
        "cat_completeness": "Fullständighet",
        "cat_input": "Indata",
        "n_error_1": "{n} fel",
        "n_error_n": "{n} fel",
        "n_warning_1": "{n} varning",
        "n_warning_n": "{n} varningar",
        "n_info_1": "{n} notering",
        "n_info_n": "{n} noteringar",
        "and": "och",
        "none_found": "Inga fynd",
        "gate_pass": "kontrollen ({levels}) godkänner {what}",
        "gate_fail_1": "kontrollen ({levels}) godkänner inte {what}: {n} nytt fynd",
        "gate_fail_n": "kontrollen ({levels}) godkänner inte {what}: {n} nya fynd",
        "gate_incomplete": "kontrollen godkänner inte {what}: {n} dokument kunde inte läsas eller kontrolleras helt",
        "gate_fail_unreadable": "kontrollen godkänner inte {what}",
        "gate_scope_report": "rapporten",
        "gate_scope_run": "körningen",
        "gate_levels_error": "stoppar vid fel",
        "gate_levels_warning": "stoppar vid fel och varningar",
        "gate_levels_info": "stoppar vid alla fynd",
        "gate_levels_never": "stoppar aldrig",
        "gate_unreadable": "{n} dokument kunde inte läsas",
        "nothing_checked": "Inget kunde kontrolleras",
        "kind_verksamhetsberättelse": "verksamhetsberättelse",
        "kind_tertialrapport": "tertialrapport",
        "kind_månadsrapport": "månadsrapport",
        "kind_delårsrapport": "delårsrapport",
        "kind_årsredovisning": "årsredovisning",
        "kind_okänd": "okänd rapporttyp",
        "pack_budget": "budget",
        "pack_copies": "kopiorna",
        "pack_extraction": "inläsning",
        "pack_goals": "mål",
        "pack_indicators": "indikatorer",
        "pack_narrative": "löptext",
        "pack_completeness": "fullständighet",
        "pack_activities": "aktiviteter",
        "pack_figures": "samma belopp i flera tabeller",
        "pack_statements": "finansiella rapporter",
        "pack_tables": "tabellernas aritmetik",
        "pack_granska": "granska",
        "doc_why": "Varför:",
        "doc_example": "Exempel:",
        "yes": "ja",
        "no": "nej",
        "details": "Detaljer",
        "finding": "Fynd",
        "top": "Viktigast",
        "top_more": "Alla {n} fynd finns under Fynd.",
        "sha256_tables": "SHA-256 (tabellerna)",
        "sha256_source": "SHA-256 (källan)",
        "rule_in_words": "Regeln",
        "uncertain_tag": "osäker tolkning",
        "h_first": "Första körningen i historiken (körning {run}): {n} fynd.",
        "h_since": "Sedan förra körningen (körning {a} → {b}): {new} nya fynd, {resolved} åtgärdade.",
        "h_more": "… och {n} till (granska history DB --diff)",
        "coverage": "Vad som granskades",
        "cov_read": "Läst ur rapporten",
        "cov_checked": "Kontrollerat",
        "cov_unread": "Kunde inte läsas",
        "cov_all_read": "Allt som granska kände igen kunde läsas.",
        "cov_pages": "Sidor",
        "cov_tables": "Tabeller",
        "cov_of": "av",
        "cov_goals": "Mål",
        "cov_indicators": "Indikatorer",
        "cov_activities": "Aktiviteter",
        "cov_claims": "Meningar med siffror",
        "cov_untitled": "(utan rubrik)",
        "cov_table": "Tabell",
        "cov_rows": "Rader",
        "cov_columns": "Kolumner",
        "cov_state": "Läst",
        "cov_status_read": "läst",
        "cov_status_partial": "delvis läst",
        "cov_status_unread": "kunde inte läsas",
        "cov_rules": "Regel för regel",
        "cov_rule": "Regel",
        "cov_checks": "Kontroller",
        "cov_passed": "Utan anmärkning",
        "cov_findings": "Fynd",
        "cov_not_run": "inget att kontrollera",
        "cov_uncertain": "Rader som inte kunde läsas säkert: {n} (se fynden under Inläsning).",
        "j_nothing_to_check": "inget i rapporten att kontrollera",
        "j_rule_counts": "{checked} kontroller, {passed} utan anmärkning, {findings} fynd",
        "t_unchecked": "I {n} dokument kunde inget kontrolleras.",
        "t_partial": "{n} dokument kunde inte läsas helt.",
        "c_read": "Läst",
        "c_checked_label": "Kontrollerat",
        "c_unread": "Kunde inte läsas",
        "c_more": " och {n} till",
        "c_nothing_read": "ingenting som granska känner igen",
        "c_checked": "{run} av {rules} regler, {checks}, {passed} utan anmärkning",
        "c_check_1": "{n} kontroll",
        "c_check_n": "{n} kontroller",
        "c_page_1": "{n} sida",
        "c_page_n": "{n} sidor",
        "c_table_1": "{n} tabell",
        "c_table_n": "{n} tabeller",
        "c_row_1": "{n} rad",
        "c_row_n": "{n} rader",
        "c_goal_1": "{n} mål",
        "c_goal_n": "{n} mål",
        "c_with_verdict": "{n} med bedömning",
        "c_without_verdict": "{n} utan",
        "c_indicators_1": "{n} indikator",
        "c_indicators_n": "{n} indikatorer",
        "c_activities_1": "{n} aktivitet",
        "c_activities_n": "{n} aktiviteter",
        "c_claims_1": "{n} mening med siffror",
        "c_claims_n": "{n} meningar med siffror",
        "c_part_table": "tabellen",
        "c_part_page": "sidan",
        "c_part_goal": "målet",
        "c_part_other": "en del",
        "but": "men",
        "and_also": "och",
        "u_not_read": "{what} kunde inte läsas",
        "u_table_1": "{n} tabell",
        "u_table_n": "{n} tabeller",
        "u_row_1": "{n} tabellrad",
        "u_row_n": "{n} tabellrader",
        "u_part_1": "{n} annan del",
        "u_part_n": "{n} andra delar",
        "u_uncertain_1": "{n} rad kunde inte läsas säkert",
        "u_uncertain_n": "{n} rader kunde inte läsas säkert",
        "u_page_1": "{n} sida saknar text",
        "u_page_n": "{n} sidor saknar text",
        "counted_note": "{n} räknas mot kontrollen",
        "goal_findings": "fynd om målet",
        "working": "Regelns villkor och mellanled",
        "not_counted_note": "oförändrade och undantagna fynd räknas inte mot kontrollen",
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
        "by_category": "By category",
        "by_state": "Compared with the baseline",
        "count": "Count",
        "category": "Category",
        "severity": "Severity",
        "rule": "Rule",
        "state": "Findings",
        "findings": "Findings",
        "no_findings": "No findings.",
        "filters": "Filter findings",
        "all": "All",
        "search": "Search",
        "search_placeholder": "Search messages, rules and excerpts",
        "search_docs_placeholder": "Search organisation, file or finding",
        "showing": "Showing {shown} of {total} findings",
        "showing_docs": "Showing {shown} of {total} documents",
        "reset": "Show all",
        "goals": "Goals and goal fulfilment",
        "goal_tree_note": "Direction goals → council goals → board goals, with the status as printed.",
        "goal_tree_note_headed": "The goals with their indicators, status as printed.",
        "no_goals": "No goals were found in the report.",
        "status": "Verdict",
        "status_missing": "no verdict given",
        "status_by_children": "assessed in the goals below",
        "contradicted": "the status is contradicted by {n} finding(s)",
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
        "level_mål": "Goal",
        "budget": "Budget and actuals",
        "budget_note": "The table is redrawn from the report; cells that do not add up are marked with the expected value beside them.",
        "no_budget": "No budget tables were found in the report.",
        "section": "Section",
        "item": "Row",
        "expected": "expected",
        "picture_alt": "Part of page {page} of the report; the cell that does not add up is outlined in red with the expected value beside it, the cells it is computed from in blue",
        "picture_caption": "Page {page} of the PDF · click for the whole page",
        "page_alt": "Page {page} of the report, the findings' cells outlined",
        "page_close": "Close",
        "cell_fail": "does not add up",
        "line": "line",
        "lines": "lines",
        "page": "page",
        "copy": "copy",
        "place": "Location",
        "also_at": "Same text also at",
        "compared_at": "Compared with",
        "excerpt": "Source excerpt",
        "values": "Values",
        "value": "Value",
        "field": "Field",
        "certain_false": "rests on an uncertain column reading",
        "fingerprint": "Fingerprint",
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
        "contents": "Contents",
        "generated_by": "Generated by granska {version}",
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
        "cat_completeness": "Completeness",
        "cat_input": "Input",
        "n_error_1": "{n} error",
        "n_error_n": "{n} errors",
        "n_warning_1": "{n} warning",
        "n_warning_n": "{n} warnings",
        "n_info_1": "{n} note",
        "n_info_n": "{n} notes",
        "and": "and",
        "none_found": "No findings",
        "gate_pass": "the check ({levels}) passes {what}",
        "gate_fail_1": "the check ({levels}) fails {what}: {n} new finding",
        "gate_fail_n": "the check ({levels}) fails {what}: {n} new findings",
        "gate_incomplete": "the check fails {what}: {n} document(s) could not be read or checked in full",
        "gate_fail_unreadable": "the check fails {what}",
        "gate_scope_report": "the report",
        "gate_scope_run": "the run",
        "gate_levels_error": "stops at errors",
        "gate_levels_warning": "stops at errors and warnings",
        "gate_levels_info": "stops at any finding",
        "gate_levels_never": "never stops",
        "gate_unreadable": "{n} document(s) could not be read",
        "nothing_checked": "Nothing could be checked",
        "kind_verksamhetsberättelse": "annual activity report (verksamhetsberättelse)",
        "kind_tertialrapport": "four-month report (tertialrapport)",
        "kind_månadsrapport": "monthly report (månadsrapport)",
        "kind_delårsrapport": "interim report (delårsrapport)",
        "kind_årsredovisning": "annual report (årsredovisning)",
        "kind_okänd": "unknown kind of report",
        "pack_budget": "budget",
        "pack_copies": "copies",
        "pack_extraction": "extraction",
        "pack_goals": "goals",
        "pack_indicators": "indicators",
        "pack_narrative": "narrative",
        "pack_completeness": "completeness",
        "pack_activities": "activities",
        "pack_figures": "the same figure in several tables",
        "pack_statements": "financial statements",
        "pack_tables": "the tables' arithmetic",
        "pack_granska": "granska",
        "doc_why": "Why it matters:",
        "doc_example": "Example:",
        "yes": "yes",
        "no": "no",
        "details": "Details",
        "finding": "Finding",
        "top": "Most important",
        "top_more": "All {n} findings are listed under Findings.",
        "sha256_tables": "SHA-256 (the tables)",
        "sha256_source": "SHA-256 (the source)",
        "rule_in_words": "The rule",
        "uncertain_tag": "uncertain reading",
        "h_first": "First run in the history (run {run}): {n} findings.",
        "h_since": "Since the previous run (run {a} → {b}): {new} new findings, {resolved} resolved.",
        "h_more": "… and {n} more (granska history DB --diff)",
        "coverage": "What was checked",
        "cov_read": "Read from the report",
        "cov_checked": "Checked",
        "cov_unread": "Could not be read",
        "cov_all_read": "Everything granska recognised could be read.",
        "cov_pages": "Pages",
        "cov_tables": "Tables",
        "cov_of": "of",
        "cov_goals": "Goals",
        "cov_indicators": "Indicators",
        "cov_activities": "Activities",
        "cov_claims": "Sentences with figures",
        "cov_untitled": "(untitled)",
        "cov_table": "Table",
        "cov_rows": "Rows",
        "cov_columns": "Columns",
        "cov_state": "Read",
        "cov_status_read": "read",
        "cov_status_partial": "partly read",
        "cov_status_unread": "could not be read",
        "cov_rules": "Rule by rule",
        "cov_rule": "Rule",
        "cov_checks": "Checks",
        "cov_passed": "Passed",
        "cov_findings": "Findings",
        "cov_not_run": "nothing to check",
        "cov_uncertain": "Rows that could not be read reliably: {n} (see the findings under Extraction).",
        "j_nothing_to_check": "nothing in the report to check",
        "j_rule_counts": "{checked} checks, {passed} passed, {findings} findings",
        "t_unchecked": "In {n} document(s) nothing could be checked.",
        "t_partial": "{n} document(s) could not be read in full.",
        "c_read": "Read",
        "c_checked_label": "Checked",
        "c_unread": "Could not be read",
        "c_more": " and {n} more",
        "c_nothing_read": "nothing granska recognises",
        "c_checked": "{run} of {rules} rules, {checks}, {passed} passed",
        "c_check_1": "{n} check",
        "c_check_n": "{n} checks",
        "c_page_1": "{n} page",
        "c_page_n": "{n} pages",
        "c_table_1": "{n} table",
        "c_table_n": "{n} tables",
        "c_row_1": "{n} row",
        "c_row_n": "{n} rows",
        "c_goal_1": "{n} goal",
        "c_goal_n": "{n} goals",
        "c_with_verdict": "{n} with a verdict",
        "c_without_verdict": "{n} without",
        "c_indicators_1": "{n} indicator",
        "c_indicators_n": "{n} indicators",
        "c_activities_1": "{n} activity",
        "c_activities_n": "{n} activities",
        "c_claims_1": "{n} sentence with figures",
        "c_claims_n": "{n} sentences with figures",
        "c_part_table": "the table",
        "c_part_page": "page",
        "c_part_goal": "the goal",
        "c_part_other": "a part",
        "but": "but",
        "and_also": "and",
        "u_not_read": "{what} could not be read",
        "u_table_1": "{n} table",
        "u_table_n": "{n} tables",
        "u_row_1": "{n} table row",
        "u_row_n": "{n} table rows",
        "u_part_1": "{n} other part",
        "u_part_n": "{n} other parts",
        "u_uncertain_1": "{n} row could not be read reliably",
        "u_uncertain_n": "{n} rows could not be read reliably",
        "u_page_1": "{n} page has no text",
        "u_page_n": "{n} pages have no text",
        "counted_note": "{n} count toward the check",
        "goal_findings": "findings about the goal",
        "working": "The rule's condition and working",
        "not_counted_note": "unchanged and waived findings do not count toward the check",
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


def join_words(parts: list[str], lang: str) -> str:
    """'a, b och c' (sv) / 'a, b and c' (en)."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {strings(lang)['and']} " + parts[-1]


def _plural(lang: str, key: str, n: int) -> str:
    return strings(lang)[f"{key}_{'1' if n == 1 else 'n'}"].format(n=n)


def unread_phrase(coverage: dict[str, Any] | None, lang: str) -> str:
    """What could not be read, in words: '3 tabeller och 12 tabellrader kunde inte läsas; 2 sidor
    saknar text'. Empty when everything recognised was read."""
    from granska.checks.coverage import unread_parts

    s = strings(lang)
    parts = unread_parts(coverage)
    lost = [_plural(lang, key, parts[k]) for k, key in (("tables", "u_table"), ("rows", "u_row"), ("parts", "u_part"))
            if parts.get(k)]
    out = [s["u_not_read"].format(what=join_words(lost, lang))] if lost else []
    if parts.get("uncertain"):
        out.append(_plural(lang, "u_uncertain", parts["uncertain"]))
    if parts.get("pages"):
        out.append(_plural(lang, "u_page", parts["pages"]))
    return "; ".join(out)


def headline(counts: dict[str, int], coverage: dict[str, Any] | None, lang: str) -> str:
    """The first words of a report: what was found, and what could not be checked.

    "Inga fynd" only when rules ran on data; otherwise "Inget kunde kontrolleras", or "Inga fynd
    — men 3 tabeller kunde inte läsas"."""
    s = strings(lang)
    found = any(counts.get(k) for k in ("error", "warning", "info"))
    unread = unread_phrase(coverage, lang)
    if coverage is not None and coverage.get("status") == "nothing":
        return s["nothing_checked"] + (f" — {count_phrase(counts, lang)}" if found else "")
    if not found:
        return s["none_found"] + (f" — {s['but']} {unread}" if unread else "")
    return count_phrase(counts, lang) + (f" — {s['and_also']} {unread}" if unread else "")


def _count(lang: str, key: str, n: int) -> str:
    return strings(lang)[f"{key}_{'1' if n == 1 else 'n'}"].format(n=format_number(n, lang, 0))


def read_phrase(coverage: dict[str, Any], lang: str) -> str:
    """'85 sidor, 1 tabell (43 rader), 64 mål (60 med bedömning), 24 indikatorer, …'."""
    s = strings(lang)
    parts = []
    if coverage.get("pages"):
        parts.append(_count(lang, "c_page", int(coverage["pages"])))
    tables = [t for t in coverage.get("tables") or [] if t.get("status") != "unread"]
    if tables:
        rows = sum(int(t.get("rows") or 0) for t in tables)
        parts.append(f"{_count(lang, 'c_table', len(tables))} ({_count(lang, 'c_row', rows)})")
    goals = coverage.get("goals") or {}
    if goals.get("read"):
        detail = [s["c_with_verdict"].format(n=format_number(goals.get("with_verdict", 0), lang, 0))]
        if goals.get("without_verdict"):
            detail.append(s["c_without_verdict"].format(n=format_number(goals["without_verdict"], lang, 0)))
        parts.append(f"{_count(lang, 'c_goal', int(goals['read']))} ({', '.join(detail)})")
    for key in ("indicators", "activities", "claims"):
        if coverage.get(key):
            parts.append(_count(lang, "c_" + key, int(coverage[key])))
    return ", ".join(parts) if parts else s["c_nothing_read"]


def checked_phrase(coverage: dict[str, Any], lang: str) -> str:
    """'32 av 40 regler, 690 kontroller, 672 utan anmärkning'."""
    s = strings(lang)
    rules = [r for r in coverage.get("rules") or [] if r.get("category") not in ("extraction", "completeness", "input")]
    return s["c_checked"].format(run=format_number(coverage.get("rules_run", 0), lang, 0),
                                 rules=format_number(len(rules), lang, 0),
                                 checks=_count(lang, "c_check", int(coverage.get("checked") or 0)),
                                 passed=format_number(coverage.get("passed", 0), lang, 0))


def unread_item(part: dict[str, Any], lang: str) -> str:
    """One part that could not be read: 'tabellen ”Investeringar” (sida 4): rubrikerna kunde inte tolkas'."""
    s = strings(lang)
    kind = str(part.get("kind") or "")
    title = str(part.get("title") or "")
    what = s.get(f"c_part_{kind}", s["c_part_other"]) + (f" {quoted(title, lang)}" if title else "")
    where = []
    if part.get("page"):
        where.append(f"{s['page']} {part['page']}")
    elif part.get("line"):
        where.append(f"{s['line']} {part['line']}")
    reason = str(part.get("reason_en") if lang == "en" and part.get("reason_en") else part.get("reason") or "")
    return what + (f" ({', '.join(where)})" if where else "") + (f": {reason}" if reason else "")


def quoted(text: str, lang: str) -> str:
    return f"”{text}”" if lang == "sv" else f"“{text}”"


def coverage_lines(coverage: dict[str, Any] | None, lang: str, limit: int = 5) -> list[str]:
    """The coverage in three short lines (read, checked, not read) for the terminal, JUnit and SARIF."""
    if not coverage:
        return []
    s = strings(lang)
    lines = [f"{s['c_read']}: {read_phrase(coverage, lang)}.", f"{s['c_checked_label']}: {checked_phrase(coverage, lang)}."]
    unread = [unread_item(p, lang) for p in coverage.get("unread") or []]
    if unread:
        more = len(unread) - limit
        lines.append(f"{s['c_unread']}: " + "; ".join(unread[:limit]) + (s["c_more"].format(n=more) if more > 0 else "") + ".")
    if coverage.get("rows_uncertain"):
        lines.append(f"{_plural(lang, 'u_uncertain', int(coverage['rows_uncertain']))} (EXT001).")
    return lines


def run_coverage_phrase(by_coverage: dict[str, int], lang: str) -> str:
    """For a run of several documents: how many could not be read in full, or checked at all."""
    s = strings(lang)
    parts = []
    if by_coverage.get("nothing"):
        parts.append(s["t_unchecked"].format(n=by_coverage["nothing"]))
    if by_coverage.get("partial"):
        parts.append(s["t_partial"].format(n=by_coverage["partial"]))
    return " ".join(parts)


def gate_phrase(fail_on: str, counted: int, lang: str, scope: str = "report", unreadable: int = 0,
                incomplete: int = 0) -> str:
    """Whether the check (the CI gate) lets the report through, in words; empty when it is off."""
    s = strings(lang)
    if fail_on == "never" and not incomplete:
        return ""
    what = s["gate_scope_" + scope]
    levels = s.get(f"gate_levels_{fail_on}", s["gate_levels_info"])
    if counted:
        text = s["gate_fail_1" if counted == 1 else "gate_fail_n"].format(n=counted, levels=levels, what=what)
    elif incomplete:
        text = s["gate_incomplete"].format(n=incomplete, what=what)
    elif unreadable:
        text = s["gate_fail_unreadable"].format(what=what)
    else:
        text = s["gate_pass"].format(levels=levels, what=what)
    return text


def verdict(counts: dict[str, int], fail_on: str, counted: int, lang: str, unreadable: int = 0,
            scope: str = "report", coverage: dict[str, Any] | None = None, incomplete: int = 0,
            documents: int | None = None) -> str:
    """One or two sentences: what was found (and not read), and whether the check passes. A run
    whose every document was unreadable checked nothing: it never says "Inga fynd"."""
    s = strings(lang)
    if unreadable and documents is not None and documents <= unreadable:
        coverage = {"status": "nothing"}
    text = headline(counts, coverage, lang)
    if unreadable:
        text += "; " + s["gate_unreadable"].format(n=unreadable)
    gate = gate_phrase(fail_on, counted, lang, scope, unreadable, incomplete)
    return text + "." + (f" {gate[0].upper()}{gate[1:]}." if gate else "")


def format_number(value: Any, lang: str, decimals: int | None = None) -> str:
    """1950.2 -> '1 950,2' (sv, a narrow no-break space between thousands) or '1,950.2' (en);
    minus is U+2212. The one formatter (checks.numbers.format_number); None shows as nothing."""
    if value is None:
        return ""
    return _format(value, decimals, lang)
