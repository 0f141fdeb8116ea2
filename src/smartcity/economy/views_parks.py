"""Industrial parks: the list with occupancy, a park's page with its map and enterprises."""
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from smartcity.core.permissions import visible
from smartcity.economy.models import Enterprise, IndustrialPark


def _parks(user):
    return visible(IndustrialPark.objects.select_related("unit", "management_board"), user).annotate(
        n_enterprises=Count("enterprises", filter=Q(enterprises__merged_into__isnull=True, enterprises__published=True)))


def _point(p):
    return {"code": p.code, "name": p.name, "lat": p.latitude, "lon": p.longitude, "occupancy": p.occupancy_pct,
            "area": float(p.area_ha) if p.area_ha is not None else None, "enterprises": getattr(p, "n_enterprises", None)}


def _map_config(points):
    from smartcity.environment.views_public import _context_units

    return {"parks": [pt for pt in points if pt["lat"] is not None], "tiles": settings.SMARTCITY_MAP_TILES,
            "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""), "units": _context_units()}


def park_list(request):
    parks = list(_parks(request.user).order_by("name_vi"))
    total = {"area": sum(float(p.area_ha or 0) for p in parks), "leasable": sum(float(p.leasable_ha or 0) for p in parks),
             "leased": sum(float(p.leased_ha or 0) for p in parks)}
    total["occupancy"] = round(total["leased"] * 100 / total["leasable"], 1) if total["leasable"] else None
    return render(request, "economy/parks.html", {"parks": parks, "total": total, "map": _map_config([_point(p) for p in parks])})


def park_detail(request, code):
    park = get_object_or_404(_parks(request.user), code=code)
    qs = Enterprise.objects.filter(industrial_park=park, merged_into__isnull=True, published=True).select_related("main_sector")
    page = Paginator(qs.order_by("name_vi", "pk"), 25).get_page(request.GET.get("page"))
    by_section = qs.order_by().values("sector_section").annotate(n=Count("pk")).order_by("-n")
    return render(request, "economy/park.html", {"park": park, "page": page, "by_section": by_section,
                                                 "fdi": qs.filter(foreign_invested=True).count(), "map": _map_config([_point(park)])})
