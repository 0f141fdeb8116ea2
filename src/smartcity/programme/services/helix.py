"""Triple Helix coverage (I.1, II.1): which helices take part in each item, from the helix of
every participating organisation (lead, supporting units, partners). Government, business
and academia are required in every activity; international partners are shown, not required."""
from collections import Counter

from smartcity.core.models import Helix

REQUIRED = (Helix.GOVERNMENT.value, Helix.BUSINESS.value, Helix.ACADEMIA.value)
ALL = tuple(h.value for h in Helix)


def present(helices) -> dict:
    """{"present": [...], "missing": [...], "complete": bool} for a set of helix values."""
    have = set(helices)
    missing = [h for h in REQUIRED if h not in have]
    return {"present": [h for h in ALL if h in have], "missing": missing, "complete": not missing}


def item_helices(item) -> dict:
    """Coverage of one item: its participants and its lead (the owner) count."""
    helices = {p.organisation.helix for p in item.participants.all()}
    helices.add(item.owner.helix)
    return present(helices)


def coverage(plan, kinds=("item", "assignment", "programme")) -> dict:
    """Per-item coverage of the plan's reported items (leaves of the action programmes and
    the assignments, by default), and the totals the dashboard shows."""
    from smartcity.programme.models import Item

    items = (Item.objects.filter(plan=plan, kind__in=kinds).select_related("owner")
             .prefetch_related("participants__organisation", "children").order_by("position"))
    rows, missing = [], Counter()
    for item in items:
        if item.kind == "programme" and item.children.exists():
            continue  # a programme with bullets is covered through its bullets
        cov = item_helices(item)
        rows.append({"item": item, **cov})
        missing.update(cov["missing"])
    return {"items": len(rows), "complete": sum(r["complete"] for r in rows),
            "missing": {h: missing.get(h, 0) for h in REQUIRED}, "rows": rows}


def matrix(plan, kinds=("item", "assignment", "programme")) -> dict:
    """Organisations x items: the role each organisation plays in each item."""
    cov = coverage(plan, kinds)
    orgs, cells = {}, {}
    for row in cov["rows"]:
        item = row["item"]
        cells[(item.owner_id, item.pk)] = "lead"
        orgs[item.owner_id] = item.owner
        for p in item.participants.all():
            orgs[p.organisation_id] = p.organisation
            if cells.get((p.organisation_id, item.pk)) != "lead":
                cells[(p.organisation_id, item.pk)] = p.role
    order = {h: i for i, h in enumerate(ALL)}
    organisations = sorted(orgs.values(), key=lambda o: (order.get(o.helix, 9), o.kind, o.code))
    return {"organisations": organisations, "rows": cov["rows"], "cells": cells}
