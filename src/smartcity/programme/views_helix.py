"""The Triple Helix matrix (I.1, II.1) under /programme/helix/: which organisations (grouped by
helix: government, business, academia, international) take part in which item of a plan, as
lead, supporting unit or partner; items missing a required helix are flagged; summary counts;
`?format=csv` downloads the same matrix. Public: it reads published plans only."""
import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.core.models import Helix
from smartcity.core.permissions import can_read, visible
from smartcity.programme.models import Plan
from smartcity.programme.services import helix as helix_svc

ROLE_LETTERS = {"lead": "L", "support": "S", "partner": "P"}


def _plan(request):
    plans = visible(Plan.objects.all(), request.user).order_by("-issued_on", "code")
    code = request.GET.get("plan", "").strip()
    if code:
        plan = plans.filter(code=code).first()
        if plan is None or not can_read(request.user, plan):
            raise Http404
        return plan, plans
    return plans.first(), plans


def build(plan, only_missing: bool = False) -> dict:
    """The page's data: item rows with one cell per organisation, organisations grouped by
    helix with their role counts, and the coverage totals."""
    m = helix_svc.matrix(plan)
    orgs, cells = m["organisations"], m["cells"]
    labels = dict(Helix.choices)
    rows = []
    for r in m["rows"]:
        if only_missing and r["complete"]:
            continue
        item = r["item"]
        rows.append({"item": item, "present": r["present"], "missing": r["missing"], "complete": r["complete"],
                     "cells": [{"org": o, "role": cells.get((o.pk, item.pk), "")} for o in orgs]})
    groups, org_rows = [], []
    for h in helix_svc.ALL:
        members = [o for o in orgs if o.helix == h]
        if not members:
            continue
        groups.append({"helix": h, "label": labels[h], "span": len(members)})
        for o in members:
            roles = [cells.get((o.pk, r["item"].pk)) for r in m["rows"]]
            org_rows.append({"org": o, "helix": h, "label": labels[h], "lead": roles.count("lead"), "support": roles.count("support"),
                             "partner": roles.count("partner"),
                             "items": [r["item"] for r, role in zip(m["rows"], roles) if role]})
    total = len(m["rows"])
    complete = sum(1 for r in m["rows"] if r["complete"])
    missing = {h: sum(1 for r in m["rows"] if h in r["missing"]) for h in helix_svc.REQUIRED}
    with_international = sum(1 for r in m["rows"] if Helix.INTERNATIONAL.value in r["present"])
    by_helix = {h: sum(1 for o in orgs if o.helix == h) for h in helix_svc.ALL}
    return {"organisations": orgs, "rows": rows, "groups": groups, "org_rows": org_rows,
            "summary": {"items": total, "complete": complete, "incomplete": total - complete,
                        "missing": [{"helix": h, "label": labels[h], "count": c} for h, c in missing.items()],
                        "international": with_international,
                        "organisations": [{"helix": h, "label": labels[h], "count": c} for h, c in by_helix.items()]}}


def _csv(plan, data) -> HttpResponse:
    buf = io.StringIO()
    w = csv.writer(buf)
    orgs = data["organisations"]
    w.writerow(["number", "title_vi", "title_en", "lead", *helix_svc.ALL, "missing", *[o.code for o in orgs]])
    w.writerow(["", "", "", "", "", "", "", "", "helix:", *[o.helix for o in orgs]])
    for r in data["rows"]:
        item = r["item"]
        w.writerow([item.number, item.title_vi, item.title_en, item.owner.code,
                    *["x" if h in r["present"] else "" for h in helix_svc.ALL], " ".join(r["missing"]),
                    *[c["role"] for c in r["cells"]]])
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="triple-helix-{plan.code}.csv"'
    return response


def helix_matrix(request):
    plan, plans = _plan(request)
    only_missing = request.GET.get("missing") in ("1", "true", "on")
    if plan is None:
        return render(request, "programme/helix/matrix.html", {"plan": None, "plans": plans})
    data = build(plan, only_missing)
    if request.GET.get("format") == "csv":
        return _csv(plan, data)
    return render(request, "programme/helix/matrix.html", {
        "plan": plan, "plans": plans, "only_missing": only_missing, **data,
        "role_letters": ROLE_LETTERS, "role_names": {"lead": _("lead"), "support": _("supporting unit"), "partner": _("partner")},
    })
