"""The smart bins and waste collection module's home page."""
import datetime as dt
import time

from django.shortcuts import render
from django.utils import timezone

from smartcity.core.permissions import visible
from smartcity.sanitation.models import Bin, Collection, CollectionPlan, PlannedRoute, Truck
from smartcity.sanitation.services import latest_levels


def home(request):
    bins = list(visible(Bin.objects.all(), request.user).only("id", "asset_id", "threshold_pct"))
    levels = latest_levels(bins)
    stale = int(time.time()) - 6 * 3600
    n_full = sum(1 for b in bins if b.pk in levels and levels[b.pk][0] >= stale and (levels[b.pk][1] or 0) >= b.threshold_pct)
    my_routes = []
    if request.user.is_authenticated:
        my_routes = list(PlannedRoute.objects.filter(driver=request.user, plan__date__gte=timezone.localdate() - dt.timedelta(days=1))
                         .select_related("plan", "truck")[:5])
    return render(request, "sanitation/home.html", {
        "n_bins": len(bins), "n_full": n_full, "n_trucks": visible(Truck.objects.filter(active=True), request.user).count(),
        "n_plans": visible(CollectionPlan.objects.all(), request.user).count(),
        "n_collections": visible(Collection.objects.filter(collected_at__gte=timezone.now() - dt.timedelta(days=7)), request.user).count(),
        "my_routes": my_routes,
    })
