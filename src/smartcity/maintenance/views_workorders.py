"""Work-order pages: the list with filters, a new order by hand, an order with its
timeline and steps, the crew's phone page, photos, and repair-time statistics.
Every page needs a login (work orders are operational); steps follow services' rules."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, writable_owners
from smartcity.maintenance import charts, repairtime, services
from smartcity.maintenance.forms import CreateForm, FilterForm, StepForm
from smartcity.maintenance.models import ACTIVE_STATES, State, WorkOrder, WorkOrderPhoto


def filtered(user, params):
    qs = services.visible_orders(user, WorkOrder.objects.select_related("asset__asset_type", "assigned_to", "owner"))
    form = FilterForm(params)
    if not form.is_valid():
        return form, qs.none()
    d = form.cleaned_data
    if d["state"] == "active":
        qs = qs.filter(state__in=ACTIVE_STATES)
    elif d["state"]:
        qs = qs.filter(state=d["state"])
    if d["priority"]:
        qs = qs.filter(priority=d["priority"])
    if d["fault_type"]:
        qs = qs.filter(fault_type=d["fault_type"])
    if d["asset_type"]:
        qs = qs.filter(asset__asset_type_id=d["asset_type"])
    if d["assigned"] == "me":
        qs = qs.filter(assigned_to=user)
    elif d["assigned"] == "none":
        qs = qs.filter(assigned_to=None)
    if d["q"]:
        qs = qs.filter(Q(title__icontains=d["q"]) | Q(asset__name__icontains=d["q"]) | Q(asset__slug__icontains=d["q"]))
    return form, qs


@login_required
def order_list(request):
    params = request.GET.copy()
    if "state" not in params:
        params["state"] = "active"
    form, qs = filtered(request.user, params)
    by_state = dict(services.visible_orders(request.user).order_by().values_list("state").annotate(n=Count("id")))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = params.copy()
    query.pop("page", None)
    return render(request, "maintenance/order_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "counts": [(value, label, by_state.get(value, 0)) for value, label in State.choices],
        "can_create": writable_owners(request.user).exists(),
    })


@login_required
def order_new(request):
    from smartcity.hub.models import Asset

    owners = writable_owners(request.user)
    if not owners.exists():
        raise PermissionDenied
    form = CreateForm(request.POST or None, initial={"asset": request.GET.get("asset", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        asset = Asset.objects.filter(slug=d["asset"]).first()
        if asset is None:
            form.add_error("asset", _("No asset with this identifier."))
        else:
            owner = asset.owner if can_change(request.user, asset.owner) else request.user.organisation
            try:
                order = services.create(owner=owner, asset=asset, fault_type=d["fault_type"], title=d["title"],
                                        priority=d["priority"], description=d["description"], user=request.user)
            except services.Conflict as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Work order created."))
                return redirect("maintenance-order", order.pk)
    return render(request, "maintenance/order_new.html", {"form": form})


def _order(request, pk):
    return get_object_or_404(services.visible_orders(request.user, WorkOrder.objects.select_related(
        "asset__asset_type", "assigned_to", "owner", "created_by")), pk=pk)


@login_required
def order_detail(request, pk):
    order = _order(request, pk)
    steps = services.allowed_steps(request.user, order)
    return render(request, "maintenance/order_detail.html", {
        "order": order, "events": order.events.select_related("user", "alert"), "photos": order.photos.all(),
        "steps": steps, "can_work": services.can_work(request.user, order),
        "crew": services.crew_candidates(order.owner_id) if "assign" in steps else [],
        "alerts": order.alerts.all()[:20],
    })


@login_required
@require_POST
def order_step(request, pk):
    """One form for every step: an optional note and photo go with it ("fix with a photo").
    A bad photo stops the step and says why; nothing else is lost."""
    order = _order(request, pk)
    form = StepForm(request.POST, request.FILES)
    back = request.POST.get("next") or ""
    target = back if back.startswith("/maintenance/") else None
    if not form.is_valid():
        messages.error(request, _("The form is not valid."))
        return redirect(target or "maintenance-order", *([] if target else [order.pk]))
    d = form.cleaned_data
    step = d["step"]
    try:
        if d["photo"]:
            services.add_photo(order, request.user, d["photo"].read(), caption=d["note"][:200])
        if step == "note":
            services.add_note(order, request.user, d["note"])
        elif step != "photo":
            assignee = None
            if step == "assign":
                assignee = services.crew_candidates(order.owner_id).filter(pk=d["assignee"] or 0).first()
            services.transition(order, step, request.user, note=d["note"] if not d["photo"] else "", assignee=assignee)
        messages.success(request, _("Saved."))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.Conflict as exc:
        messages.error(request, str(exc))
    return redirect(target) if target else redirect("maintenance-order", order.pk)


@login_required
def crew(request):
    """The crew's phone page: my active orders first, then what I fixed in the last days."""
    mine = WorkOrder.objects.filter(assigned_to=request.user).select_related("asset__asset_type")
    active = list(mine.filter(state__in=ACTIVE_STATES).order_by("-priority", "raised_at"))
    rank = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
    active.sort(key=lambda o: (rank.get(o.priority, 9), o.raised_at))
    done = mine.filter(state=State.FIXED).order_by("-fixed_at")[:10]
    cards = [(o, services.allowed_steps(request.user, o)) for o in active]
    return render(request, "maintenance/crew.html", {"cards": cards, "done": done})


@login_required
def photo(request, pk):
    ph = get_object_or_404(WorkOrderPhoto.objects.select_related("work_order"), pk=pk)
    if not services.visible_orders(request.user).filter(pk=ph.work_order_id).exists():
        raise Http404
    path = services.photo_file(ph)
    if not path.is_file():
        raise Http404
    resp = FileResponse(path.open("rb"), content_type=ph.content_type)
    resp["Cache-Control"] = "private, max-age=3600"
    return resp


def repair_stats(user, params=None):
    qs = services.visible_orders(user)
    rows = services.repair_rows(qs)
    return repairtime.stats(rows, until="fixed"), repairtime.stats([r for r in rows if r[3]], until="closed")


@login_required
def repair_times(request):
    fixed, closed = repair_stats(request.user)
    months = sorted({s.month for s in fixed})[-12:]
    faults = sorted({s.fault_type for s in fixed if s.fault_type != "*"})
    by = {(s.fault_type, s.month): s for s in fixed}
    series = [(f, [by[(f, m)].median_h if (f, m) in by else None for m in months]) for f in faults[:8]]
    svg = charts.bars(months, series, unit="h", title=_("Median hours from raised to fixed, by fault type and month"))
    return render(request, "maintenance/repair_times.html", {"fixed": fixed, "closed": closed, "chart": svg})
