"""Public pages of environmental monitoring (to be completed: map coloured by index,
station page, display board)."""
from django.shortcuts import render

from smartcity.environment.models import Station


def station_map(request):
    stations = Station.objects.filter(published=True).select_related("asset")
    return render(request, "environment/map.html", {"stations": stations})
