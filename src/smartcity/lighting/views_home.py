"""The street lighting module's home page: counts, tonight's switching times, links."""
from django.db.models import Count
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from smartcity.core.permissions import visible
from smartcity.lighting import services
from smartcity.lighting.models import Cabinet, LightingGroup, Luminaire


def _energy_url():
    """The energy dashboard, once its part is installed."""
    try:
        return reverse("lighting-energy")
    except NoReverseMatch:
        return None


def home(request):
    lums = visible(Luminaire.objects.all(), request.user)
    by_tech = dict(lums.values_list("technology").annotate(n=Count("id")).values_list("technology", "n"))
    tl = None
    group = visible(LightingGroup.objects.filter(calendar__isnull=False), request.user).annotate(
        n=Count("luminaires")).order_by("-n", "code").first()  # the largest group speaks for the night
    if group is not None:
        try:
            tl = services.group_timeline(group)
        except Exception:  # a broken calendar must not take the home page down
            tl = None
    return render(request, "lighting/home.html", {
        "n_luminaires": lums.count(), "n_led": by_tech.get("led", 0), "n_other": sum(v for k, v in by_tech.items() if k != "led"),
        "n_cabinets": visible(Cabinet.objects.all(), request.user).count(),
        "n_groups": visible(LightingGroup.objects.all(), request.user).count(),
        "timeline": tl, "group": group, "energy_url": _energy_url(),
    })
