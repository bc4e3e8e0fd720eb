"""Human-readable HTML reports: one self-contained file per document, plus a batch index.

All document text reaches the page through Jinja2 autoescaping; the only markup marked safe is
the package's own CSS and JavaScript (templates/report.css, templates/report.js), which are
also pinned by hash in the page's Content-Security-Policy. Links go to in-page anchors and, in
the batch index, to sanitised relative file names.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote, urlsplit

from granska.reports.common import (
    CATEGORIES, SEVERITIES, SEVERITY_RANK, STATES, Tally, all_findings, counts_by_severity, doc_findings, documents,
    finding_indicator, finding_lines, incomplete, is_counted, message_for, rule_list, severity_of, state_of,
)
from granska.reports.gate import current_gate
from granska.checks.engine.findings import PLAIN_INTEGER, field_word, value_word
from granska.checks.numbers import format_year
from granska.reports.i18n import (
    checked_phrase, format_number, label, run_coverage_phrase, strings, unread_item, unread_phrase, verdict,
)

_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
_DIRECTION_ARROW = {"higher": "↑", "lower": "↓", "band": "↔", "unknown": "?"}


# --------------------------------------------------------------------------- environment

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def visible_text(value: Any) -> Any:
    """Control characters in document text (NUL, ESC …) shown as their visible symbols (␀, ␛),
    never passed to the browser; the page's own CSS and JS (Markup) are left as they are."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROL.sub(lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), value)
    return value


@functools.lru_cache(maxsize=1)
def _environment():
    from importlib.resources import files

    import jinja2

    base = files("granska.reports") / "templates"

    def load(name: str):
        resource = base / name
        if not resource.is_file():
            return None
        return resource.read_text(encoding="utf-8"), None, lambda: True

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        finalize=visible_text,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


@functools.lru_cache(maxsize=1)
def _assets() -> dict[str, Any]:
    """The page's own CSS and JS (marked safe: package files, not document data) and the CSP."""
    from importlib.resources import files

    from markupsafe import Markup

    base = files("granska.reports") / "templates"
    css = (base / "report.css").read_text(encoding="utf-8")
    js = (base / "report.js").read_text(encoding="utf-8")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    csp = (f"default-src 'none'; script-src {digest(js)}; style-src {digest(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return {"css": Markup(css), "js": Markup(js), "csp": csp}


def prepare() -> None:
    """Read the assets and compile the report's template now (the command line does it while its
    workers read the documents): jinja2 keeps the compiled template in its environment."""
    _assets()
    _environment().get_template("report.html.j2")


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**_assets(), **context)


# --------------------------------------------------------------------------- helpers

def anchor_id(*parts: Any) -> str:
    """A safe HTML id from parts: only letters, digits, '-' and '_'."""
    return "-".join(_SAFE_ID.sub("_", str(p)) for p in parts)


def rule_anchor(code: Any) -> str:
    return anchor_id("rule", code)


def safe_relative_href(value: Any) -> str | None:
    """A relative file link for the batch index, or None when it is anything else.

    Refused: empty, absolute paths, URLs with a scheme or host (javascript:, http:, //host),
    backslashes, control characters and '..' segments. The rest is percent-encoded.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or text != value or any(ord(c) < 32 or ord(c) == 127 for c in text) or "\\" in text:
        return None
    if text.startswith(("/", "#", "?")) or ":" in text.split("/", 1)[0]:
        return None
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or parts.query or parts.fragment:
        return None
    if any(seg in ("..", "") for seg in text.split("/")[:-1]) or text.split("/")[-1] in ("", ".."):
        return None
    return quote(text, safe="/-._~")


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


# Fields holding an amount printed with the row's decimals ("509,0"): shown with them.
_PRINTED_DECIMALS = ("expected", "printed", "total", "budget", "actual", "deviation", "right", "left")


def _display_value(value: Any, lang: str, key: str = "", decimals: int | None = None) -> str:
    if isinstance(value, bool):
        return strings(lang)["yes" if value else "no"]
    if isinstance(value, (int, float)) and PLAIN_INTEGER.search(key) and float(value).is_integer():
        return format_year(value)
    if isinstance(value, (int, float)) and decimals is not None and key in _PRINTED_DECIMALS:
        return format_number(value, lang, decimals)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return format_number(value, lang, 0)
    if isinstance(value, float):
        return format_number(value, lang, None)
    if value is None:
        return "–"
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float, str)) for v in value):
        return "; ".join(_display_value(v, lang, key, decimals) for v in value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (list, tuple)) and len(v) == 2 for v in value):
        # labelled parts of a sum: [["Bibliotek", -98.4], …] -> "Bibliotek −98,4; …"
        return "; ".join(f"{_display_value(a, lang)} {_display_value(b, lang, 'printed', decimals)}" for a, b in value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value_word(key, value, lang))


# The rule's own working (its expression, both sides, the rounding allowance): folded away, since
# the auditor reads the figures and the message first; the rule itself is said in words.
TECHNICAL_VALUES = ("relation", "says", "left", "right", "tolerance", "decimals", "report_year", "parts_text",
                    "beyond", "cost_sign", "period_year", "check")
# Fields a finding carries that say again what another field says better.
_REDUNDANT = {"status": "status_text", "child_status": "child_status_text", "name": "indicator"}


def _value_rows(values: Any, lang: str, technical: bool = False) -> list[tuple[str, str]]:
    """The finding's values as (words, text) rows: the figures, or (technical) the rule's working
    and any field without words of its own (a user rule's). English variants ('*_en') are the
    English report's text for the field."""
    if not isinstance(values, dict):
        return []
    decimals = values.get("decimals") if isinstance(values.get("decimals"), int) else None
    rows = []
    for k, v in values.items():
        key = str(k)
        if key.endswith("_en") or (key in _REDUNDANT and _REDUNDANT[key] in values):
            continue
        if lang != "sv" and f"{key}_{lang}" in values:
            v = values[f"{key}_{lang}"]
        words = field_word(key, lang)
        if (key in TECHNICAL_VALUES or words is None) != technical:
            continue
        rows.append((words or key, _display_value(v, lang, key, decimals)))
    return rows


def _with_unit(value: Any, unit: Any, lang: str, decimals: int | None = None) -> str:
    if value is None:
        return ""
    text = format_number(value, lang, decimals)
    return f"{text}\u00a0{unit}" if unit else text


def _place(line: Any, page: Any, copy: Any, s: dict[str, str]) -> str:
    bits = []
    if line:
        bits.append(f"{s['line']} {line}")
    if page not in (None, ""):
        bits.append(f"{s['page']} {page}")
    if copy not in (None, ""):
        bits.append(f"{s['copy']} {copy}")
    return " · ".join(bits)


def _rule_lookup(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(r.get("code")): r for r in rule_list(run)}


# --------------------------------------------------------------------------- findings

def _finding_view(f: dict[str, Any], anchor: str, rules: dict[str, dict[str, Any]], lang: str,
                  fail_on: str) -> dict[str, Any]:
    s = strings(lang)
    code = str(f.get("rule") or "")
    rule = rules.get(code, {})
    sev = severity_of(f)
    state = state_of(f)
    first, last = finding_lines(f)
    ev = f.get("evidence") or {}
    excerpt = str(ev.get("excerpt") or "")
    excerpt_lines = None
    if excerpt and first and last and "\n" in excerpt and excerpt.count("\n") == last - first:
        excerpt_lines = list(zip(range(first, last + 1), excerpt.split("\n")))
    if first and last and last != first:
        span = f"{s['lines']} {first}–{last}"
    elif first:
        span = f"{s['line']} {first}"
    else:
        span = ""
    if f.get("page") not in (None, ""):
        span += (" · " if span else "") + f"{s['page']} {f.get('page')}"
    also = [_place(a.get("line"), a.get("page"), a.get("copy"), s)
            for a in (ev.get("also_at") or []) if isinstance(a, dict)]
    compared = [{"place": _place(a.get("line"), a.get("page"), None, s), "excerpt": str(a.get("excerpt") or "")}
                for a in (ev.get("compared_at") or []) if isinstance(a, dict) and a.get("line")]
    values = f.get("values") or {}
    # Plats: where the figures themselves stand (an indicator's values under its name), with
    # their page; the finding's first line when it has no other
    at = ev.get("at") if isinstance(ev.get("at"), dict) else {}
    where_line = at.get("line") or first or f.get("line")
    where_page = at.get("page") if at.get("line") else f.get("page")
    flat = " ".join(excerpt.split())
    return {
        "anchor": anchor,
        "rule": code,
        "rule_title": rule_title(rule, lang) if rule else str(f.get("name") or ""),
        "rule_anchor": rule_anchor(code),
        "severity": sev,
        "severity_label": label(lang, "sev", sev),
        "category": str(f.get("category") or ""),
        "category_label": label(lang, "cat", f.get("category") or ""),
        "state": state,
        "state_label": label(lang, "state", state),
        "certain": f.get("certain") is not False,
        "counted": is_counted(f, fail_on),
        "message": message_for(f, lang),
        "value_rows": _value_rows(values, lang),
        "working_rows": _value_rows(values, lang, technical=True),
        "place": _place(where_line, where_page, f.get("copy"), s),
        "span": span,
        "excerpt": excerpt,
        "excerpt_lines": excerpt_lines,
        "excerpt_line": flat if len(flat) <= 220 else flat[:219].rstrip() + "…",
        "also_at": also,
        "compared_at": compared,
        "waiver": f.get("waiver") if isinstance(f.get("waiver"), dict) else None,
        "waiver_expired": f.get("waiver_expired") if isinstance(f.get("waiver_expired"), dict) else None,
        "fingerprint": str(f.get("fingerprint") or ""),
        "source": str(f.get("source") or ""),
        "image": _image(ev.get("image")),
    }


_IMAGE_SRC = re.compile(r"data:image/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}")


def _image(image: Any) -> dict[str, str] | None:
    """An optional picture of the finding's place in the source (evidence.image: {src, alt,
    caption}), for the page region a PDF finding is about. Only an inline PNG/JPEG/WebP data URI
    is shown: the page's CSP allows images from data: only, and nothing is fetched."""
    if not isinstance(image, dict) or not isinstance(image.get("src"), str) or not _IMAGE_SRC.fullmatch(image["src"]):
        return None
    return {"src": image["src"], "alt": str(image.get("alt") or ""), "caption": str(image.get("caption") or ""),
            "size": _size(image), "page_anchor": ""}


def _top_findings(views: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    """The summary's short list: the most serious findings first (what fails the check, then
    errors, then warnings); notes only when there is nothing more serious."""
    rank = {"error": 0, "warning": 1, "info": 2}
    serious = [v for v in views if v["severity"] != "info" and v["state"] != "waived"] or \
        [v for v in views if v["state"] != "waived"]
    return sorted(serious, key=lambda v: (not v["counted"], rank.get(v["severity"], 3)))[:limit]


def _link(view: dict[str, Any]) -> dict[str, str]:
    return {"anchor": view["anchor"], "rule": view["rule"], "severity": view["severity"],
            "severity_label": view["severity_label"]}


# --------------------------------------------------------------------------- goals and indicators

def _missed(ind: dict[str, Any]) -> bool | None:
    outcome, target = ind.get("outcome"), ind.get("target")
    if not isinstance(outcome, (int, float)) or not isinstance(target, (int, float)):
        return None
    direction = ind.get("direction") or "unknown"
    if direction == "higher":
        return outcome < target
    if direction == "lower":
        return outcome > target
    if direction == "band":
        return abs(outcome) > abs(target)
    return None


def _chart(ind: dict[str, Any], missed: bool | None) -> dict[str, Any] | None:
    """Coordinates for a small outcome-vs-target SVG (numbers only; rendered by the template)."""
    outcome, target = ind.get("outcome"), ind.get("target")
    if not isinstance(outcome, (int, float)):
        return None
    width, pad = 170.0, 6.0
    band = ind.get("direction") == "band" and isinstance(target, (int, float))
    if band:
        reach = max(abs(target), abs(outcome)) * 1.25 or 1.0
        lo, hi = -reach, reach
    else:
        points = [0.0, float(outcome)] + ([float(target)] if isinstance(target, (int, float)) else [])
        lo, hi = min(points), max(points)
        span = (hi - lo) or 1.0
        hi += span * 0.08 if hi > 0 else 0
        lo -= span * 0.08 if lo < 0 else 0

    def x(v: float) -> float:
        return round(pad + (v - lo) / (hi - lo) * (width - 2 * pad), 1)

    chart: dict[str, Any] = {
        "width": int(width), "height": 30, "band": band,
        "track_x": x(lo), "track_w": round(x(hi) - x(lo), 1),
        "zero": x(0.0),
        "outcome_x": x(outcome),
        "bar_x": x(min(0.0, outcome)), "bar_w": max(1.0, round(x(max(0.0, outcome)) - x(min(0.0, outcome)), 1)),
        "target_x": x(target) if isinstance(target, (int, float)) and not band else None,
        "tone": "missed" if missed else ("met" if missed is False else "neutral"),
    }
    if band:
        chart["band_x"] = x(-abs(target))
        chart["band_w"] = round(x(abs(target)) - x(-abs(target)), 1)
    return chart


def _indicator_view(ind: dict[str, Any], links: list[dict[str, str]], lang: str) -> dict[str, Any]:
    s = strings(lang)
    direction = str(ind.get("direction") or "unknown")
    if direction not in _DIRECTION_ARROW:
        direction = "unknown"
    missed = _missed(ind)
    unit = ind.get("unit") or ""
    target_unit = ind.get("target_unit") or unit
    target = ind.get("target_text") or _with_unit(ind.get("target"), target_unit, lang)
    kf = ind.get("kf_target_text") or _with_unit(ind.get("kf_target"), ind.get("kf_target_unit") or target_unit, lang)
    uncertain = ind.get("uncertain_fields") or ""
    if isinstance(uncertain, (list, tuple)):
        uncertain = ";".join(map(str, uncertain))
    outcome_text = _with_unit(ind.get("outcome"), unit, lang)
    verdict_text = s["missed"] if missed else (s["met"] if missed is False else s["not_judged"])
    title = f"{s['outcome']} {outcome_text or '–'}, {s['target'].lower()} {target or '–'}: {verdict_text}"
    return {
        "name": str(ind.get("name") or ""),
        "outcome": outcome_text,
        "previous": _with_unit(ind.get("previous"), unit, lang),
        "target": target,
        "kf_target": kf,
        "period": str(ind.get("period") or ""),
        "direction": direction,
        "arrow": _DIRECTION_ARROW[direction],
        "direction_label": s[f"dir_{direction}"],
        "missed": missed,
        "verdict": verdict_text,
        "uncertain": ind.get("assignment_certain") is False,
        "uncertain_title": s["uncertain_title"].format(fields=str(uncertain).replace(";", ", ") or "–"),
        "chart": _chart(ind, missed),
        "chart_title": title,
        "place": _place(ind.get("line"), ind.get("page"), None, s),
        "findings": links,
    }


def _first_copy(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("copy") in (None, 0, 1)] or rows


def _goal_tree(doc: dict[str, Any], prefix: str, views: list[dict[str, Any]], raw: list[dict[str, Any]],
               lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    s = strings(lang)
    goal_links: dict[str, list[dict[str, str]]] = {}
    ind_links: dict[tuple[str, str], list[dict[str, str]]] = {}
    for v, f in zip(views, raw):
        values = f.get("values") or {}
        if not isinstance(values, dict):
            continue
        goal = str(values.get("goal")) if values.get("goal") is not None else ""
        indicator = finding_indicator(f)
        if indicator is not None:
            ind_links.setdefault((goal, _norm(indicator)), []).append(_link(v))
        if goal and (indicator is None or f.get("category") == "goal"):
            goal_links.setdefault(goal, []).append({**_link(v), "contradicts": f.get("category") == "goal"})

    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for k, g in enumerate(_first_copy(list(doc.get("goals") or []))):
        gid = str(g.get("id") or "")
        if not gid or gid in nodes:
            continue
        level = str(g.get("level") or "")
        status = str(g.get("status") or "")
        nodes[gid] = {
            "id": gid,
            "anchor": anchor_id(prefix, "goal", k),
            "level": level,
            "level_label": label(lang, "level", level),
            "title": str(g.get("title") or ""),
            "status": status,
            "status_class": {"helt": "full", "delvis": "partial", "inte": "not"}.get(status, "none"),
            "status_text": str(g.get("status_text") or "") or (
                (s["status_by_children"] if level == "inriktningsmål" else s["status_missing"])
                if status in ("", "saknas") else str(value_word("status", status, lang))),
            "place": _place(g.get("line"), g.get("page"), None, s),
            "contradictions": [x for x in goal_links.get(gid, []) if x["contradicts"]],
            "findings": [x for x in goal_links.get(gid, []) if not x["contradicts"]],
            "indicators": [],
            "children": [],
            "parent": str(g.get("parent") or ""),
        }
        order.append(gid)
    orphans = []
    for ind in _first_copy(list(doc.get("indicators") or [])):
        goal = str(ind.get("goal") or "")
        links = ind_links.get((goal, _norm(ind.get("name"))), []) or ind_links.get(("", _norm(ind.get("name"))), [])
        view = _indicator_view(ind, links, lang)
        (nodes[goal]["indicators"] if goal in nodes else orphans).append(view)
    roots = []
    for gid in order:
        node = nodes[gid]
        parent = nodes.get(node["parent"])
        (parent["children"] if parent is not None and parent is not node else roots).append(node)
    return roots, orphans


# --------------------------------------------------------------------------- budget

def _budget_tables(doc: dict[str, Any], views: list[dict[str, Any]], raw: list[dict[str, Any]],
                   lang: str) -> list[dict[str, Any]]:
    fails: dict[tuple[str, str, str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for v, f in zip(views, raw):
        values = f.get("values") or {}
        if isinstance(values, dict) and values.get("table") is not None and values.get("item") is not None:
            key = (_norm(values.get("table")), _norm(values.get("section")), _norm(values.get("item")),
                   _norm(values.get("column")))
            fails.setdefault(key, []).append((v, values))
    tables: dict[str, dict[str, Any]] = {}
    for row in _first_copy(list(doc.get("budget") or [])):
        name = str(row.get("table") or "")
        table = tables.setdefault(name, {"title": name, "unit": row.get("unit") or "", "columns": [], "rows": []})
        values = row.get("values") or {}
        for col in list(row.get("columns") or []) + list(values):
            if col not in table["columns"]:
                table["columns"].append(col)
        table["rows"].append(row)
    out = []
    for table in tables.values():
        rows = []
        section = object()
        for row in table["rows"]:
            if row.get("section") != section:
                section = row.get("section")
                if section:
                    rows.append({"kind": "section", "label": str(section)})
            base = (_norm(table["title"]), _norm(row.get("section")), _norm(row.get("item")))
            row_fails = fails.get(base + ("",), [])
            cells = []
            values = row.get("values") or {}
            for col in table["columns"]:
                hits = fails.get(base + (_norm(col),), [])
                expected = next((vals.get("expected") for _, vals in hits if vals.get("expected") is not None), None)
                cells.append({
                    "column": col,
                    "text": format_number(values.get(col), lang, row.get("decimals")),
                    "fail": bool(hits),
                    "expected": format_number(expected, lang, row.get("decimals")) if expected is not None else "",
                    "findings": [_link(v) for v, _ in hits],
                })
            rows.append({
                "kind": "row", "item": str(row.get("item") or ""), "role": str(row.get("role") or ""),
                "line": row.get("line"), "cells": cells, "fail": bool(row_fails),
                "findings": [_link(v) for v, _ in row_fails],
            })
        out.append({"title": table["title"], "unit": table["unit"], "columns": table["columns"], "rows": rows,
                    "fails": sum(1 for r in rows if r["kind"] == "row" for c in r["cells"] if c["fail"])})
    return out


# --------------------------------------------------------------------------- coverage

def _coverage_view(coverage: Any, lang: str, rules: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """What was read, what the rules checked and what could not be read, for the section right
    under the summary."""
    if not isinstance(coverage, dict):
        return None
    s = strings(lang)
    n = lambda v: format_number(v or 0, lang, 0)  # noqa: E731 — counts, in the one number format
    goals = coverage.get("goals") or {}
    read = []
    if coverage.get("pages"):
        read.append((s["cov_pages"], n(coverage["pages"])))
    tables_seen = len(coverage.get("tables") or [])
    read.append((s["cov_tables"], n(coverage.get("tables_read")) + (
        f" {s['cov_of']} {n(tables_seen)}" if tables_seen != (coverage.get("tables_read") or 0) else "")))
    goal_text = n(goals.get("read"))
    if goals.get("read"):
        goal_text += f" ({s['c_with_verdict'].format(n=n(goals.get('with_verdict')))}"
        if goals.get("without_verdict"):
            goal_text += ", " + s["c_without_verdict"].format(n=n(goals.get("without_verdict")))
        goal_text += ")"
    read.append((s["cov_goals"], goal_text))
    for key in ("indicators", "activities", "claims"):
        read.append((s["cov_" + key], n(coverage.get(key))))
    tables = []
    for t in coverage.get("tables") or []:
        reason = (t.get("reason_en") if lang == "en" and t.get("reason_en") else t.get("reason")) or ""
        tables.append({"title": str(t.get("title") or s["cov_untitled"]), "place": _place(t.get("line"), t.get("page"), None, s),
                       "rows": n(t.get("rows")), "columns": n(t.get("columns")), "status": str(t.get("status") or ""),
                       "status_label": label(lang, "cov_status", t.get("status")), "reason": str(reason),
                       "rows_unread": n(t.get("rows_unread")) if t.get("rows_unread") else ""})
    by_rule = []
    for r in coverage.get("rules") or []:
        code = str(r.get("code") or "")
        by_rule.append({"code": code, "title": rule_title(rules.get(code, {}), lang), "checked": n(r.get("checked")),
                        "passed": n(r.get("passed")), "findings": n(r.get("findings")),
                        "ran": bool(r.get("checked")), "failed": bool(r.get("findings"))})
    unread = [unread_item(p, lang) for p in coverage.get("unread") or []]
    return {
        "status": str(coverage.get("status") or ""),
        "read": read,
        "tables": tables,
        "checked": checked_phrase(coverage, lang),
        "rules": by_rule,
        "unread": unread,
        "unread_phrase": unread_phrase(coverage, lang),
        "uncertain": int(coverage.get("rows_uncertain") or 0),
        "percent": format_number(coverage.get("percent"), lang, None),
    }


def swedish_quotes(text: str) -> str:
    """"Uppfylls helt" -> ”Uppfylls helt” (the rule docs are written with straight quotes)."""
    return re.sub(r'"([^"\n]{1,200})"', "\u201d\\1\u201d", text)


_ABBREVIATIONS = ("t.ex.", "bl.a.", "m.m.", "s.k.", "dvs.", "inkl.", "ca.", "resp.", "jfr.", "e.g.", "i.e.")


def rule_title(rule: dict[str, Any], lang: str) -> str:
    """A rule's title in words: the first sentence of its Swedish doc (sv), of its reason (en),
    without its asides (" — egen eller dess nämndmåls — ")."""
    doc = str(rule.get("doc") or "").strip()
    swedish, _, rest = doc.partition("Why:")
    text = swedish if lang == "sv" or not rest else rest.split("Example:")[0]
    text = " ".join(text.split())
    for abbreviation in _ABBREVIATIONS:  # "t.ex." does not end the sentence
        text = text.replace(abbreviation, abbreviation.replace(".", "\u2024"))
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:").replace("\u2024", ".")
    first = re.sub(r"\s—[^—]{1,80}—\s", " ", first)
    first = " ".join(re.sub(r"\s?\([^()]{1,120}\)", "", first).split())  # its examples are in the doc
    if not first:
        return str(rule.get("name") or rule.get("code") or "")
    first = first[0].upper() + first[1:]
    first = swedish_quotes(first) if lang == "sv" else first
    return first if len(first) <= 110 else first[:110].rsplit(" ", 1)[0].rstrip(",;") + " …"


# --------------------------------------------------------------------------- documents

def _document_view(doc: dict[str, Any], index: int, lang: str,
                   rules: dict[str, dict[str, Any]], fail_on: str, gate: dict[str, Any] | None = None) -> dict[str, Any]:
    s = strings(lang)
    gate = gate or {}
    prefix = f"d{index}"
    raw = doc_findings(doc)
    views = [_finding_view(f, anchor_id(prefix, "f", n), rules, lang, fail_on) for n, f in enumerate(raw, start=1)]
    page_views = _pictures(doc, views, raw, prefix, lang)
    counts = counts_by_severity(raw)
    by_category = {}
    for f in raw:
        cat = str(f.get("category") or "")
        by_category[cat] = by_category.get(cat, 0) + 1
    categories = [c for c in CATEGORIES if c in by_category] + sorted(c for c in by_category if c not in CATEGORIES)
    by_state: dict[str, int] = {}
    for f in raw:
        by_state[state_of(f)] = by_state.get(state_of(f), 0) + 1
    counted = sum(1 for v in views if v["counted"])
    goals, orphans = _goal_tree(doc, prefix, views, raw, lang)
    rule_codes = sorted({v["rule"] for v in views})
    return {
        "prefix": prefix,
        "source": str(doc.get("source") or ""),
        "sha256": str(doc.get("sha256") or ""),
        "organisation": str(doc.get("organisation") or ""),
        "kind": label(lang, "kind", doc.get("kind")) if doc.get("kind") else "",
        "year": "" if doc.get("year") is None else str(doc.get("year")),
        "copies": "" if doc.get("copies") is None else str(doc.get("copies")),
        "error": str(doc.get("error") or ""),
        "findings": views,
        "counts": [{"severity": sev, "label": label(lang, "sev", sev), "n": counts[sev]} for sev in SEVERITIES],
        "categories": [{"key": c, "label": label(lang, "cat", c), "n": by_category[c]} for c in categories],
        "states": [{"key": k, "label": label(lang, "state", k), "n": n}
                   for k, n in sorted(by_state.items(), key=lambda kv: (STATES + (kv[0],)).index(kv[0]))],
        "rules": [{"code": c, "label": f"{c} {rule_title(rules.get(c, {}), lang)}".strip()} for c in rule_codes],
        "counted": counted,
        "top": _top_findings(views),
        "show_states": any(k != "new" for k in by_state),
        "tables_sha256": str(doc.get("tables_sha256") or ""),
        "verdict": (f"{s['unreadable']}: {doc.get('error')}" if doc.get("error")
                    else verdict(counts, fail_on, counted, lang, coverage=doc.get("coverage"),
                                 incomplete=int(bool(incomplete(doc.get("coverage"), bool(gate.get("fail_on_unread")),
                                                                gate.get("min_coverage")))))),
        "coverage": _coverage_view(doc.get("coverage"), lang, rules),
        "goals": goals,
        "orphan_indicators": orphans,
        "has_goals": bool(doc.get("goals")),
        "budget": _budget_tables(doc, views, raw, lang),
        "has_budget": bool(doc.get("budget")),
        "page_views": page_views,
    }


def _pictures(doc: dict[str, Any], views: list[dict[str, Any]], raw: list[dict[str, Any]], prefix: str,
              lang: str) -> list[dict[str, Any]]:
    """A PDF's pictures (checks.pictures): each finding's region as its image, linking to its
    whole page, shown over the report when the link is followed (CSS :target, no script). Returns
    the pages to draw, once each."""
    s = strings(lang)
    pictures = doc.get("pictures") if isinstance(doc.get("pictures"), dict) else {}
    regions = pictures.get("regions") if isinstance(pictures.get("regions"), dict) else {}
    pages = pictures.get("pages") if isinstance(pictures.get("pages"), dict) else {}
    shown: dict[str, dict[str, Any]] = {}
    for v, f in zip(views, raw):
        region = regions.get(str(f.get("fingerprint") or ""))
        image = _image(region) if isinstance(region, dict) else None
        if image is None:
            continue
        page = str(region.get("page") or "")
        whole = _image(pages.get(page)) if page else None
        if whole is not None and page not in shown:
            shown[page] = {**whole, "anchor": anchor_id(prefix, "page", page), "alt": s["page_alt"].format(page=page),
                           "size": _size(pages[page]), "back": v["anchor"]}
        v["image"] = {**image, "alt": s["picture_alt"].format(page=page), "size": _size(region),
                      "caption": s["picture_caption"].format(page=page) if whole is not None else "",
                      "page_anchor": shown[page]["anchor"] if whole is not None else ""}
    return [shown[k] for k in sorted(shown, key=lambda k: int(k) if k.isdigit() else 0)]


def _size(image: dict[str, Any]) -> dict[str, int]:
    """Width and height attributes of a picture (pixels), where known."""
    return {k: int(image[k]) for k in ("width", "height") if isinstance(image.get(k), int) and image[k] > 0}


def rule_paragraphs(rule: dict[str, Any], lang: str) -> list[str]:
    """A rule's doc as the report shows it: in Swedish its description (the Swedish part of the
    doc); in English why it matters and an example (the English part), labelled in words."""
    s = strings(lang)
    doc = str(rule.get("doc") or "")
    swedish, _, rest = doc.partition("Why:")
    why, _, example = rest.partition("Example:")
    if lang == "sv" or not rest.strip():
        text = swedish_quotes(" ".join(swedish.split()))
        return [text] if text else []
    out = [f"{s['doc_why']} {' '.join(why.split())}"]
    if example.strip():
        out.append(f"{s['doc_example']} {' '.join(example.split())}")
    return out


def _rule_docs(codes: list[str], rules: dict[str, dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    out = []
    for code in sorted(set(codes)):
        rule = rules.get(code, {})
        sev = str(rule.get("severity") or "info")
        out.append({
            "code": code,
            "anchor": rule_anchor(code),
            "title": rule_title(rule, lang) if rule else code,
            "severity": sev if sev in SEVERITY_RANK else "info",
            "severity_label": label(lang, "sev", sev),
            "category_label": label(lang, "cat", rule.get("category") or ""),
            "pack": label(lang, "pack", rule.get("pack")) if rule.get("pack") else "",
            "paragraphs": rule_paragraphs(rule, lang),
        })
    return out


def _run_meta(run: dict[str, Any], lang: str) -> dict[str, Any]:
    tool = run.get("tool") or {}
    rules = run.get("rules") or {}
    return {
        "lang": lang,
        "s": strings(lang),
        "version": str(tool.get("version") or ""),
        "checked_at": str(run.get("checked_at") or ""),
        "packs": ", ".join(label(lang, "pack", p) for p in (rules.get("packs") or [])),
        "rules_version": str(rules.get("version") or ""),
    }


def render_html(run: dict[str, Any], lang: str = "sv", document: int | None = None,
                rule_entries: list[dict[str, Any]] | None = None) -> str:
    """One self-contained HTML page for the run's document(s).

    document: index of the one document to show (batch runs render one page per document);
    None shows every document of the run on one page (normally there is one).
    rule_entries: the run's rule_list, when the run holds only some of its documents (a streamed
    batch: rule_list(run, tally)).
    """
    s = strings(lang)
    docs = documents(run)
    selected = list(enumerate(docs)) if document is None else [(document, docs[document])]
    rules = _rule_lookup(run) if rule_entries is None else {str(r.get("code")): r for r in rule_entries}
    gate = current_gate(run)
    fail_on = str(gate.get("fail_on") or "error")
    doc_views = [_document_view(d, i, lang, rules, fail_on, gate) for i, d in selected]
    run_raw = list(run.get("findings") or [])
    run_views = [_finding_view(f, anchor_id("run", "f", n), rules, lang, fail_on) for n, f in enumerate(run_raw, start=1)]
    resolved = [_finding_view(f, anchor_id("resolved", n), rules, lang, fail_on)
                for n, f in enumerate(run.get("resolved") or [], start=1)]
    codes = [v["rule"] for d in doc_views for v in d["findings"]] + [v["rule"] for v in run_views + resolved]
    if len(doc_views) == 1:
        d = doc_views[0]
        title = f"{s['report_for']}: " + " – ".join(x for x in (d["organisation"], " ".join(y for y in (d["kind"], d["year"]) if y)) if x)
    else:
        title = s["batch_title"]
    return _render(
        "report.html.j2",
        **_run_meta(run, lang),
        title=title.rstrip(": ") or s["title"],
        documents=doc_views,
        run_findings=run_views,
        resolved=resolved,
        rule_docs=_rule_docs(codes, rules, lang),
        fail_on=fail_on,
    )


def _trend(history: dict[str, Any], lang: str) -> dict[str, Any] | None:
    values = []
    for v in history.get("trend") or []:
        if isinstance(v, dict):
            v = sum(x for x in v.values() if isinstance(x, (int, float)))
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            values.append(float(v))
    if len(values) < 2:
        return None
    width, height, pad = 96.0, 24.0, 3.0
    top = max(values) or 1.0
    step = (width - 2 * pad) / (len(values) - 1)
    pts = [(round(pad + i * step, 1), round(height - pad - (v / top) * (height - 2 * pad), 1)) for i, v in enumerate(values)]
    return {
        "width": int(width), "height": int(height),
        "points": " ".join(f"{x},{y}" for x, y in pts),
        "last": pts[-1],
        "title": strings(lang)["trend_title"].format(values=", ".join(format_number(v, lang) for v in values)),
    }


def _coverage_note(coverage: Any, lang: str) -> str:
    """What a batch index row says of a document not read or checked in full."""
    if not isinstance(coverage, dict) or coverage.get("status") == "complete":
        return ""
    if coverage.get("status") == "nothing":
        return strings(lang)["nothing_checked"]
    text = unread_phrase(coverage, lang)
    return text[0].upper() + text[1:] if text else ""


def _index_row(doc: dict[str, Any], rules: dict[str, dict[str, Any]], lang: str, fail_on: str) -> dict[str, Any]:
    raw = doc_findings(doc)
    counts = counts_by_severity(raw)
    worst = None
    if raw:
        best = max(enumerate(raw), key=lambda p: (SEVERITY_RANK[severity_of(p[1])], -p[0]))[1]
        worst = _finding_view(best, "", rules, lang, fail_on)
    history = doc.get("history") if isinstance(doc.get("history"), dict) else None
    return {
        "source": str(doc.get("source") or ""),
        "organisation": str(doc.get("organisation") or ""),
        "kind": label(lang, "kind", doc.get("kind")) if doc.get("kind") else "",
        "year": "" if doc.get("year") is None else str(doc.get("year")),
        "error": str(doc.get("error") or ""),
        "href": safe_relative_href(doc.get("report")),
        "counts": [{"severity": sev, "label": label(lang, "sev", sev), "n": counts[sev]} for sev in SEVERITIES],
        "worst": worst,
        "worst_severity": worst["severity"] if worst else "none",
        "counted": sum(1 for f in raw if is_counted(f, fail_on)),
        "coverage_note": _coverage_note(doc.get("coverage"), lang),
        "history": None if history is None else {
            "new": history.get("new"), "resolved": history.get("resolved"), "trend": _trend(history, lang),
        },
    }


def _index_context(run: dict[str, Any], rules: dict[str, dict[str, Any]], lang: str, fail_on: str, rows: Any,
                   totals: dict[str, int], counted: int, unreadable: int, has_history: bool,
                   by_coverage: dict[str, int] | None = None) -> dict[str, Any]:
    by_coverage = by_coverage or {}
    s = strings(lang)
    run_raw = list(run.get("findings") or [])
    run_views = [_finding_view(f, anchor_id("run", "f", n), rules, lang, fail_on) for n, f in enumerate(run_raw, start=1)]
    return dict(
        **_run_meta(run, lang),
        title=s["batch_title"],
        rows=rows,
        totals=[{"severity": sev, "label": label(lang, "sev", sev), "n": totals[sev]} for sev in SEVERITIES],
        verdict=" ".join(x for x in (verdict(totals, fail_on, counted, lang, unreadable=unreadable, scope="run",
                                             documents=len(rows)),
                                     run_coverage_phrase(by_coverage, lang)) if x),
        failed=bool(counted or unreadable),
        run_findings=run_views,
        rule_docs=_rule_docs([v["rule"] for v in run_views], rules, lang),
        fail_on=fail_on,
        has_history=has_history,
    )


def render_index(run: dict[str, Any], lang: str = "sv") -> str:
    """The batch index: one row per document with counts, worst finding, history and its link."""
    rules = _rule_lookup(run)
    gate = current_gate(run)
    fail_on = str(gate.get("fail_on") or "error")
    rows = [_index_row(doc, rules, lang, fail_on) for doc in documents(run)]
    totals = counts_by_severity(f for _, f in all_findings(run))
    counted = sum(1 for _, f in all_findings(run) if is_counted(f, fail_on))
    unreadable = sum(1 for r in rows if r["error"])
    return _render("index.html.j2", **_index_context(run, rules, lang, fail_on, rows, totals, counted, unreadable,
                                                     has_history=any(r["history"] for r in rows),
                                                     by_coverage=Tally.of(run).by_coverage))


class _Rows:
    """The index rows of a streamed batch, made one at a time while the page is written."""

    def __init__(self, docs: Iterable[dict[str, Any]], count: int, row: Callable[[dict[str, Any]], dict[str, Any]]):
        self.docs, self.count, self.row = docs, count, row

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.row(doc) for doc in self.docs)


def write_index(path: str | os.PathLike[str], run: dict[str, Any], docs: Iterable[dict[str, Any]], tally: Tally,
                lang: str = "sv", has_history: bool = False) -> None:
    """render_index for a streamed batch, written atomically to ``path`` row by row.

    run: the gated run without its documents; docs: the documents (iterated once), counted in
    ``tally``; has_history: the documents carry a "history" (the run was recorded)."""
    from granska.reports.atomic import open_atomic

    rules = {str(r.get("code")): r for r in rule_list(run, tally)}
    fail_on = str(current_gate(run).get("fail_on") or "error")
    rows = _Rows(docs, tally.documents, lambda doc: _index_row(doc, rules, lang, fail_on))
    context = _index_context(run, rules, lang, fail_on, rows, dict(tally.by_severity),
                             tally.counted, tally.documents_with_errors, has_history and tally.documents > 0,
                             by_coverage=tally.by_coverage)
    template = _environment().get_template("index.html.j2")
    with open_atomic(path) as handle:
        for chunk in template.generate(**_assets(), **context):
            handle.write(chunk.encode("utf-8"))
