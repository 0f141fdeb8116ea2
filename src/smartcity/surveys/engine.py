"""The survey engine: questionnaire definitions, answer validation, skip logic, tallies and
cross-tabulations (pure: no Django).

A questionnaire version is one JSON document, frozen once published:

    {"sections": [{"key", "title_vi", "title_en", "questions": [question, ...]}, ...]}

    question = {"key", "kind", "text_vi", "text_en", "help_vi", "help_en", "required",
                "options": [{"value", "vi", "en"}],        # single, multi
                "other": bool,                               # single, multi: an "other" with text
                "max_choices": int,                          # multi
                "scale": {"min", "max", "labels": [{"value", "vi", "en"}]},   # scale, matrix
                "rows": [{"value", "vi", "en"}],             # matrix
                "min", "max",                                # number
                "max_length": int,                           # text
                "show_if": {"question": key, "values": [...]}}   # skip logic

Kinds: single choice, multiple choice, scale (a Likert item, ISO 20252 calls it a rating
scale), matrix (rows rated on one scale), number and free text. Answers are one flat dict:

    single -> "value"        multi -> ["a", "b"]      scale -> 4      number -> 12.5
    matrix -> {"row": 3}     text -> "..."            "<key>:other" -> the "other" text

The mean of a scale is reported alongside its distribution, as usual for Likert items in
public-service surveys (e.g. SIPAS, Decision 1001/QĐ-BNV); the distribution stays the
primary result because the points are ordinal. Cross-tabs give counts and row percentages;
for multiple choice the base is the respondents of the group, so a row can add to over 100 %.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

KINDS = ("single", "multi", "scale", "matrix", "number", "text")
CHOICE_KINDS = ("single", "multi")
OTHER = "other"
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_MAX = 4000


@dataclass(frozen=True)
class Problem:
    """One validation problem: `field` is a question key (or "key.row", "key:other")."""

    field: str
    code: str
    params: tuple = ()

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code, "params": dict(self.params)}


class DefinitionError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.field}: {p.code}" for p in problems))
        self.problems = problems


# -- the definition --------------------------------------------------------------------------------
def questions(definition: dict) -> list[dict]:
    return [q for s in definition.get("sections", []) for q in s.get("questions", [])]


def question_map(definition: dict) -> dict[str, dict]:
    return {q["key"]: q for q in questions(definition)}


def option_values(q: dict) -> list:
    values = [o["value"] for o in q.get("options", [])]
    if q.get("other") and OTHER not in values:
        values.append(OTHER)
    return values


def scale_values(q: dict) -> list[int]:
    s = q.get("scale") or {}
    return list(range(int(s.get("min", 1)), int(s.get("max", 5)) + 1))


def check_definition(definition: dict) -> list[Problem]:
    """Structural problems of a definition (empty list when it can be published)."""
    out: list[Problem] = []
    if not isinstance(definition, dict) or not isinstance(definition.get("sections"), list):
        return [Problem("sections", "invalid")]
    seen: list[str] = []
    section_keys = set()
    for s in definition["sections"]:
        skey = s.get("key", "")
        if not KEY_RE.match(str(skey)) or skey in section_keys:
            out.append(Problem(f"section {skey}", "invalid_key"))
        section_keys.add(skey)
        for q in s.get("questions", []):
            key = q.get("key", "")
            if not KEY_RE.match(str(key)) or key in seen:
                out.append(Problem(str(key), "invalid_key"))
                continue
            kind = q.get("kind")
            if kind not in KINDS:
                out.append(Problem(key, "invalid_kind"))
                continue
            if not (q.get("text_vi") or "").strip():
                out.append(Problem(key, "text_missing"))
            if kind in CHOICE_KINDS:
                values = [o.get("value") for o in q.get("options", [])]
                if len(values) < 2 or len(set(values)) != len(values) or any(not str(v).strip() for v in values):
                    out.append(Problem(key, "options_invalid"))
            if kind in ("scale", "matrix"):
                s_ = q.get("scale") or {}
                try:
                    lo, hi = int(s_.get("min", 1)), int(s_.get("max", 5))
                except (TypeError, ValueError):
                    lo, hi = 1, 0
                if not (hi > lo and hi - lo <= 10):
                    out.append(Problem(key, "scale_invalid"))
            if kind == "matrix":
                rows = [r.get("value") for r in q.get("rows", [])]
                if not rows or len(set(rows)) != len(rows):
                    out.append(Problem(key, "rows_invalid"))
            if kind == "number" and q.get("min") is not None and q.get("max") is not None and q["min"] > q["max"]:
                out.append(Problem(key, "range_invalid"))
            cond = q.get("show_if")
            if cond:
                target = cond.get("question")
                if target not in seen:
                    out.append(Problem(key, "show_if_invalid"))  # only earlier questions
                else:
                    tq = next(x for s2 in definition["sections"] for x in s2.get("questions", []) if x.get("key") == target)
                    if tq.get("kind") not in (*CHOICE_KINDS, "scale") or not cond.get("values"):
                        out.append(Problem(key, "show_if_invalid"))
            seen.append(key)
    if not seen:
        out.append(Problem("sections", "no_questions"))
    return out


# -- skip logic ------------------------------------------------------------------------------------
def _matches(answer, values) -> bool:
    if answer is None:
        return False
    wanted = {str(v) for v in values}
    if isinstance(answer, list):
        return any(str(a) in wanted for a in answer)
    return str(answer) in wanted


def visible_keys(definition: dict, answers: dict) -> set[str]:
    """Questions shown for these answers: a question with `show_if` shows only when the earlier
    question it names is itself shown and its answer is (or, for multi, includes) one of the values."""
    shown: set[str] = set()
    for q in questions(definition):
        cond = q.get("show_if")
        if not cond or (cond.get("question") in shown and _matches(answers.get(cond["question"]), cond.get("values", []))):
            shown.add(q["key"])
    return shown


# -- answers ---------------------------------------------------------------------------------------
def _number(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        number = value
    else:
        text = str(value).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # Vietnamese decimal comma
        number = float(text)
    if isinstance(number, float) and (math.isnan(number) or math.isinf(number)):
        raise ValueError
    return int(number) if float(number).is_integer() else float(number)


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_answers(definition: dict, raw: dict, *, partial: bool = False) -> tuple[dict, list[Problem]]:
    """Validate `raw` answers; returns (clean answers of visible questions, problems).

    partial=True is a saved draft: types and ranges are checked, required ones are not."""
    clean: dict = {}
    problems: list[Problem] = []
    qmap = question_map(definition)
    for key in raw:
        base = key.split(":", 1)[0]
        if base not in qmap:
            problems.append(Problem(key, "unknown_question"))
    # skip logic sees the raw choice answers (a hidden question's answer is dropped)
    shown = visible_keys(definition, raw)
    for q in questions(definition):
        key, kind = q["key"], q["kind"]
        if key not in shown:
            continue
        value = raw.get(key)
        required = bool(q.get("required")) and not partial
        if kind == "matrix":
            rows = [r["value"] for r in q.get("rows", [])]
            given = value if isinstance(value, dict) else {}
            if value is not None and not isinstance(value, dict):
                problems.append(Problem(key, "invalid"))
                continue
            allowed = scale_values(q)
            out = {}
            for row in rows:
                v = given.get(row)
                if _blank(v):
                    if required:
                        problems.append(Problem(f"{key}.{row}", "required"))
                    continue
                try:
                    n = _number(v)
                except (TypeError, ValueError):
                    problems.append(Problem(f"{key}.{row}", "invalid_choice"))
                    continue
                if n not in allowed:
                    problems.append(Problem(f"{key}.{row}", "invalid_choice"))
                    continue
                out[row] = n
            for extra in set(given) - set(rows):
                problems.append(Problem(f"{key}.{extra}", "unknown_row"))
            if out:
                clean[key] = out
            continue
        if _blank(value):
            if required:
                problems.append(Problem(key, "required"))
            continue
        if kind == "single":
            value = str(value)
            if value not in [str(v) for v in option_values(q)]:
                problems.append(Problem(key, "invalid_choice"))
                continue
            clean[key] = value
        elif kind == "multi":
            values = value if isinstance(value, list) else [value]
            values = list(dict.fromkeys(str(v) for v in values))
            allowed = [str(v) for v in option_values(q)]
            bad = [v for v in values if v not in allowed]
            if bad:
                problems.append(Problem(key, "invalid_choice"))
                continue
            limit = q.get("max_choices")
            if limit and len(values) > int(limit):
                problems.append(Problem(key, "too_many", (("max", int(limit)),)))
                continue
            clean[key] = [v for v in allowed if v in values]  # the questionnaire's order
        elif kind == "scale":
            try:
                n = _number(value)
            except (TypeError, ValueError):
                problems.append(Problem(key, "invalid_choice"))
                continue
            if n not in scale_values(q):
                problems.append(Problem(key, "invalid_choice"))
                continue
            clean[key] = n
        elif kind == "number":
            try:
                n = _number(value)
            except (TypeError, ValueError):
                problems.append(Problem(key, "not_a_number"))
                continue
            lo, hi = q.get("min"), q.get("max")
            if (lo is not None and n < lo) or (hi is not None and n > hi):
                problems.append(Problem(key, "out_of_range", (("min", lo), ("max", hi))))
                continue
            clean[key] = n
        elif kind == "text":
            text = str(value).strip()
            limit = int(q.get("max_length") or TEXT_MAX)
            if len(text) > limit:
                problems.append(Problem(key, "too_long", (("max", limit),)))
                continue
            if text:
                clean[key] = text
            elif required:
                problems.append(Problem(key, "required"))
        if kind in CHOICE_KINDS and q.get("other"):
            chosen = clean.get(key)
            picked_other = chosen == OTHER or (isinstance(chosen, list) and OTHER in chosen)
            other_text = str(raw.get(f"{key}:{OTHER}") or "").strip()[:500]
            if picked_other and not other_text and not partial:
                problems.append(Problem(f"{key}:{OTHER}", "other_required"))
            elif picked_other and other_text:
                clean[f"{key}:{OTHER}"] = other_text
    return clean, problems


def progress(definition: dict, answers: dict) -> tuple[int, int]:
    """(answered, shown) questions, for the progress bar of a saved draft."""
    shown = visible_keys(definition, answers)
    return sum(1 for k in shown if not _blank(answers.get(k))), len(shown)


# -- results ---------------------------------------------------------------------------------------
def _mean(values: list) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _median(values: list) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def tally(q: dict, answer_list: list[dict]) -> dict:
    """The result of one question over submitted answers: counts and shares per option or
    scale point, the mean of a scale, the heat table of a matrix, the texts of a free text."""
    key, kind = q["key"], q["kind"]
    given = [a for a in answer_list if not _blank(a.get(key))]
    n = len(given)
    out: dict = {"key": key, "kind": kind, "n": n}
    if kind in CHOICE_KINDS:
        counts = Counter()
        for a in given:
            v = a[key]
            for item in (v if isinstance(v, list) else [v]):
                counts[str(item)] += 1
        out["counts"] = {str(v): counts.get(str(v), 0) for v in option_values(q)}
        out["shares"] = {v: (c / n if n else None) for v, c in out["counts"].items()}
        if q.get("other"):
            out["other_texts"] = [a[f"{key}:{OTHER}"] for a in given if a.get(f"{key}:{OTHER}")]
    elif kind == "scale":
        values = [a[key] for a in given]
        counts = Counter(values)
        out["counts"] = {v: counts.get(v, 0) for v in scale_values(q)}
        out["shares"] = {v: (c / n if n else None) for v, c in out["counts"].items()}
        out["mean"] = _mean(values)
    elif kind == "matrix":
        rows = {}
        for r in q.get("rows", []):
            values = [a[key][r["value"]] for a in given if r["value"] in a[key]]
            counts = Counter(values)
            m = len(values)
            rows[r["value"]] = {"n": m, "counts": {v: counts.get(v, 0) for v in scale_values(q)},
                                "shares": {v: (counts.get(v, 0) / m if m else None) for v in scale_values(q)},
                                "mean": _mean(values)}
        out["rows"] = rows
    elif kind == "number":
        values = [a[key] for a in given]
        out.update(mean=_mean(values), median=_median(values), min=min(values) if values else None,
                   max=max(values) if values else None, total=sum(values) if values else 0)
    elif kind == "text":
        out["texts"] = [a[key] for a in given]
    return out


UNKNOWN = "?"


def crosstab(q: dict, rows: list[tuple[str, dict]], group_order: list[str] | None = None) -> dict:
    """Counts and row percentages of a choice or scale question by group.

    rows: (group key, answers) per submitted response. Respondents who did not answer the
    question are left out of the base. Returns {"columns", "groups": [{"group", "n", "counts",
    "pct", "mean"}], "total": {...}}; "pct" is 100 * count / n of the group."""
    key, kind = q["key"], q["kind"]
    if kind not in (*CHOICE_KINDS, "scale"):
        raise ValueError(f"a cross-tab needs a choice or scale question, not {kind}")
    columns = [str(v) for v in option_values(q)] if kind in CHOICE_KINDS else scale_values(q)

    def summarise(group: str, answers: list[dict]) -> dict:
        t = tally(q, answers)
        counts = {c: t["counts"].get(c, 0) for c in columns}
        n = t["n"]
        return {"group": group, "n": n, "counts": counts,
                "pct": {c: (round(100.0 * v / n, 1) if n else None) for c, v in counts.items()},
                "mean": t.get("mean")}

    by: dict[str, list[dict]] = {}
    for group, answers in rows:
        by.setdefault(group if group not in (None, "") else UNKNOWN, []).append(answers)
    order = [g for g in (group_order or []) if g in by] + sorted(g for g in by if g not in (group_order or []))
    groups = [summarise(g, by[g]) for g in order]
    return {"key": key, "kind": kind, "columns": columns, "groups": groups,
            "total": summarise("total", [a for _, a in rows])}
