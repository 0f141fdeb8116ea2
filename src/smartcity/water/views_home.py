"""The rainwater reservoirs module's home page: the reservoirs with their present state."""
from django.shortcuts import render


def home(request):
    from smartcity.water.views_reservoirs import _latest, _reservoirs

    return render(request, "water/home.html", {"rows": [(r, _latest(r)) for r in _reservoirs(request.user)]})
