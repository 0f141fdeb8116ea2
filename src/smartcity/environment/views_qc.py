"""Staff pages of quality control under /environment/manage/qc/: the list of flags
(filter by station, state, check) and one flag with the readings around it, its decision
form (confirm / override with a note; the platform rule decides who may) and its history."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartcity.core.permissions import can_change
from smartcity.environment.api.qc import flags_for, visible_stations
from smartcity.environment.models import FlagState, QcCheck, QcFlag
from smartcity.environment.qc_hooks import DecisionError, decide
from smartcity.hub.models import Observation, Status
from smartcity.hub.timebase import HOUR, iso

STATUS_LABELS = dict(Status.choices)


@login_required
def flag_list(request):
    params = {k: request.GET.get(k, "") for k in ("station", "state", "rule", "quantity")}
    qs = flags_for(request.user, params).order_by("-t", "id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(f, iso(f.t)[:16].replace("T", " "), can_change(request.user, f.datastream.asset)) for f in page]
    return render(request, "environment/qc_list.html", {
        "rows": rows, "page": page, "params": params, "states": FlagState.choices, "rules": QcCheck.choices,
        "stations": visible_stations(request.user).select_related("asset").order_by("code"),
        "query": "&".join(f"{k}={v}" for k, v in params.items() if v),
    })


@login_required
def flag_detail(request, pk):
    flag = get_object_or_404(QcFlag.objects.select_related("datastream__asset__station", "datastream__quantity", "decided_by"),
                             pk=pk, datastream__asset__station__in=visible_stations(request.user))
    editable = can_change(request.user, flag.datastream.asset)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Only editors of the station's organisation may decide on its quality flags."))
        action = request.POST.get("action")
        try:
            decide(flag, request.user, action, request.POST.get("note", "").strip()[:2000])
        except DecisionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Flag confirmed: the reading stays out of indices.") if action == "confirm"
                             else _("Flag overridden: the reading counts again."))
        return redirect("env-qc-flag", pk=flag.pk)
    around = Observation.objects.filter(datastream_id=flag.datastream_id, t__gte=flag.t - HOUR, t__lte=flag.t + HOUR).order_by("t")
    readings = [(iso(o.t)[11:16], o.value, STATUS_LABELS.get(o.status, o.status), o.t == flag.t) for o in around]
    values = [o.value for o in around if o.value is not None]
    chart = _sparkline([(o.t, o.value, o.t == flag.t) for o in around if o.value is not None], min(values, default=0), max(values, default=1))
    history = flag.history.select_related("history_user").order_by("-history_date")
    return render(request, "environment/qc_detail.html", {
        "flag": flag, "editable": editable, "readings": readings, "chart": chart, "history": history,
        "when": iso(flag.t)[:16].replace("T", " "), "since": iso(flag.since)[:16].replace("T", " ") if flag.since else "",
        "decidable": flag.state != FlagState.CLEARED,
    })


def _sparkline(points, lo, hi, w=600, h=120, pad=8):
    """SVG coordinates of the readings around a flag (our own tiny chart, no library)."""
    if len(points) < 2:
        return None
    t0, t1 = points[0][0], points[-1][0]
    span, rng = max(t1 - t0, 1), (hi - lo) or 1.0
    xy = [(pad + (t - t0) / span * (w - 2 * pad), h - pad - (v - lo) / rng * (h - 2 * pad), mark) for t, v, mark in points]
    return {"w": w, "h": h, "line": " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in xy),
            "marks": [(round(x, 1), round(y, 1)) for x, y, m in xy if m], "lo": lo, "hi": hi}
