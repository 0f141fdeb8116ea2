"""The maintenance work orders module's home page."""
from django.db.models import Count
from django.shortcuts import render

from smartcity.maintenance import services
from smartcity.maintenance.models import State


def home(request):
    counts = []
    if request.user.is_authenticated:
        by_state = dict(services.visible_orders(request.user).order_by().values_list("state").annotate(n=Count("id")))
        counts = [(value, label, by_state.get(value, 0)) for value, label in State.choices]
    return render(request, "maintenance/home.html", {"counts": counts})
