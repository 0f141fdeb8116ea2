"""Construction permits, the pure part (no Django): the steps of Construction Law art. 102 as
data, the deadlines they give, and the state rules of the register.

Art. 102 (Law 50/2014, amended by Law 62/2020), as the one-stop dossier runs it:
* appraisal and site check within 7 working days of receipt; the authority may ask **once**
  for the dossier to be completed, and the clock stops until the papers come back;
* if the supplemented dossier is still incomplete, a notice within 5 working days of the
  supplement's receipt;
* a refusal states its reasons within 3 working days (after that notice);
* the whole procedure has its own limit: 15 working days for individual houses, 20 for other
  works (kept per procedure: the catalogue's time limit wins when it is given).

The arithmetic of working days is the one-stop calendar's (holidays, office hours, cut-off
hour); it is passed in as functions so this module stays free of the database.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass

APPRAISAL, SUPPLEMENT, ISSUED, REFUSED, WITHDRAWN = "appraisal", "supplement", "issued", "refused", "withdrawn"
STATUSES = (APPRAISAL, SUPPLEMENT, ISSUED, REFUSED, WITHDRAWN)
OPEN = (APPRAISAL, SUPPLEMENT)
FINAL = (ISSUED, REFUSED, WITHDRAWN)
DECIDED = (ISSUED, REFUSED)

# Map colours of the register (status -> colour): open in blue/amber, issued green, refused red.
COLOURS = {APPRAISAL: "#1565c0", SUPPLEMENT: "#f9a825", ISSUED: "#2e7d32", REFUSED: "#c62828", WITHDRAWN: "#757575"}

SUPPLEMENT_REQUESTS_ALLOWED = 1
VALID_MONTHS = 12   # works must start within 12 months of the permit (art. 90), else it lapses


@dataclass(frozen=True)
class Step:
    """One legal step: `key`, working `days`, from which event it counts (`counts_from`)."""

    key: str
    days: int
    counts_from: str
    name_vi: str
    name_en: str
    basis: str


STEPS = (
    Step("appraisal", 7, "received", "Thẩm định hồ sơ, kiểm tra thực địa", "Appraisal and site check",
         "Luật Xây dựng, Điều 102 khoản 1 điểm b"),
    Step("notice", 5, "supplement_received", "Thông báo hồ sơ bổ sung chưa đáp ứng",
         "Notice that the supplement is still incomplete", "Luật Xây dựng, Điều 102 khoản 1 điểm b"),
    Step("refusal", 3, "notice", "Thông báo lý do không cấp giấy phép", "Refusal with reasons",
         "Luật Xây dựng, Điều 102 khoản 1 điểm b"),
)
STEP = {s.key: s for s in STEPS}
HOUSE_TOTAL_DAYS = 15
OTHER_TOTAL_DAYS = 20
HOUSE_PROCEDURES = frozenset({"1.009972"})   # individual houses: 15 working days

# one-stop procedure code -> permit kind (construction-field procedures that issue a permit)
PROCEDURE_KINDS = {"1.009972": "new", "1.009974": "repair"}


def total_days(procedure_code: str, catalogue_days=None) -> float:
    """Working days for the whole procedure: the catalogue's limit when it has one, else the
    law's 15 days for individual houses and 20 for other works."""
    if catalogue_days:
        return float(catalogue_days)
    return float(HOUSE_TOTAL_DAYS if procedure_code in HOUSE_PROCEDURES else OTHER_TOTAL_DAYS)


def kind_for(procedure_code: str, name_vi: str = "") -> str | None:
    """The permit kind a procedure issues, None for construction procedures that issue no
    permit (extensions, practice certificates)."""
    if procedure_code in PROCEDURE_KINDS:
        return PROCEDURE_KINDS[procedure_code]
    name = (name_vi or "").lower()
    if not name.startswith("cấp giấy phép"):
        return None
    if "di dời" in name:
        return "relocation"
    if "có thời hạn" in name:
        return "temporary"
    if "sửa chữa" in name or "cải tạo" in name:
        return "repair"
    return "new"


# one-stop dossier status -> register status
DOSSIER_STATUS = {
    "submitted": APPRAISAL, "received": APPRAISAL, "processing": APPRAISAL, "consulting": APPRAISAL,
    "suspended": APPRAISAL, "supplement": SUPPLEMENT, "result_ready": ISSUED, "returned": ISSUED,
    "rejected": REFUSED, "withdrawn": WITHDRAWN,
}


def status_for_dossier(dossier_status: str) -> str:
    return DOSSIER_STATUS.get(dossier_status, APPRAISAL)


# -- state rules ------------------------------------------------------------------------------
# (from, to) -> action name; anything else is illegal
TRANSITIONS = {
    (APPRAISAL, SUPPLEMENT): "request_supplement",
    (SUPPLEMENT, APPRAISAL): "supplement_received",
    (APPRAISAL, ISSUED): "issue",
    (APPRAISAL, REFUSED): "refuse",
    (SUPPLEMENT, REFUSED): "refuse",
    (APPRAISAL, WITHDRAWN): "withdraw",
    (SUPPLEMENT, WITHDRAWN): "withdraw",
}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    code: str          # "ok" or the reason a move is refused
    message: str = ""


def check_transition(current: str, target: str, *, supplements: int = 0, reason: str = "") -> Verdict:
    """Whether the register may move a permit from `current` to `target`. Reason codes:
    `unknown_status`, `same_status`, `final_state` (issued, refused and withdrawn permits do
    not move), `supplement_once` (art. 102 allows one request to complete), `reason_required`
    (a refusal states its reasons), `not_allowed` (e.g. supplement -> issued without the
    supplement coming back first)."""
    if current not in STATUSES or target not in STATUSES:
        return Verdict(False, "unknown_status", f"Unknown status {current!r} or {target!r}.")
    if current == target:
        return Verdict(False, "same_status", f"The permit is already '{current}'.")
    if current in FINAL:
        return Verdict(False, "final_state", f"A permit that is '{current}' does not change any more.")
    if (current, target) not in TRANSITIONS:
        return Verdict(False, "not_allowed", f"A permit cannot go from '{current}' to '{target}'.")
    if target == SUPPLEMENT and supplements >= SUPPLEMENT_REQUESTS_ALLOWED:
        return Verdict(False, "supplement_once", "The dossier was already asked to be completed once.")
    if target == REFUSED and not (reason or "").strip():
        return Verdict(False, "reason_required", "A refusal states its reasons.")
    return Verdict(True, "ok")


def allowed_targets(current: str, *, supplements: int = 0) -> list[str]:
    """Statuses reachable from `current` (reasons aside)."""
    return [t for (c, t) in TRANSITIONS if c == current
            and check_transition(current, t, supplements=supplements, reason="x").ok]


# -- deadlines --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    key: str
    due_at: dt.datetime | None
    done_at: dt.datetime | None = None
    applies: bool = True


def schedule(received: dt.datetime, *, total: float, due: Callable, add: Callable, between: Callable,
             supplement_requested: dt.datetime | None = None, supplement_received: dt.datetime | None = None,
             decided: dt.datetime | None = None, status: str = APPRAISAL) -> dict:
    """The art. 102 deadlines of one dossier.

    `due(start, days)` is the calendar's receipt rule (cut-off hour applied), `add(start,
    days)` adds working time, `between(a, b)` counts working days. The clock stops from the
    request to complete until the supplement comes back: the appraisal and final deadlines
    move by the working time stopped (still stopped: counted up to now is the caller's
    choice, we move them by nothing until the papers come). The notice and refusal steps
    only apply once a supplement came back."""
    appraisal = due(received, STEP["appraisal"].days)
    decision = due(received, total)
    stopped = 0.0
    if supplement_requested and supplement_received and supplement_received > supplement_requested:
        stopped = between(supplement_requested, supplement_received)
        if stopped > 0:
            decision = add(decision, stopped)
            if appraisal > supplement_requested:
                appraisal = add(appraisal, stopped)
    out = {"appraisal": Deadline("appraisal", appraisal, supplement_requested or (decided if status in DECIDED else None)),
           "decision": Deadline("decision", decision, decided if status in DECIDED else None)}
    if supplement_received:
        notice = add(supplement_received, STEP["notice"].days)
        out["notice"] = Deadline("notice", notice, decided if status in DECIDED else None)
        out["refusal"] = Deadline("refusal", add(notice, STEP["refusal"].days),
                                  decided if status == REFUSED else None, applies=status == REFUSED)
    out["stopped_days"] = stopped
    return out


def timeliness(done: dt.datetime | None, due_at: dt.datetime | None, now: dt.datetime, tz: dt.tzinfo) -> str:
    """early / on_time / late for a step done (the one-stop control sheet's rule: late after
    the due moment, early on a local day before the due day); `pending` or `overdue` while
    the step is still open; "" without a due date."""
    if due_at is None:
        return ""
    if done is None:
        return "overdue" if now > due_at else "pending"
    if done > due_at:
        return "late"
    if done.astimezone(tz).date() < due_at.astimezone(tz).date():
        return "early"
    return "on_time"


# -- statistics -------------------------------------------------------------------------------
@dataclass
class StatRow:
    """One permit reduced to what the yearly statistics need."""

    group: object          # the unit key the row is counted under
    status: str
    decided_on_time: bool | None = None    # None when not decided
    working_days: float | None = None      # receipt -> decision, decided only
    floor_area_m2: float = 0.0


def summarise(rows) -> dict:
    """Counts and rates of a group of permits: received, issued, refused, withdrawn, in
    progress, on-time rate of the decided ones (None when none decided), median working days
    of the decided ones, floor area of the issued ones."""
    rows = list(rows)
    decided = [r for r in rows if r.status in DECIDED]
    on_time = [r for r in decided if r.decided_on_time]
    days = [r.working_days for r in decided if r.working_days is not None]
    return {
        "received": len(rows),
        "issued": sum(r.status == ISSUED for r in rows),
        "refused": sum(r.status == REFUSED for r in rows),
        "withdrawn": sum(r.status == WITHDRAWN for r in rows),
        "in_progress": sum(r.status in OPEN for r in rows),
        "on_time_rate": round(100.0 * len(on_time) / len(decided), 1) if decided else None,
        "median_days": round(statistics.median(days), 1) if days else None,
        "floor_area_m2": round(sum(r.floor_area_m2 for r in rows if r.status == ISSUED), 1),
    }


def group_summaries(rows) -> dict:
    """{group: summarise(rows of that group)}."""
    groups: dict = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    return {g: summarise(rs) for g, rs in groups.items()}
