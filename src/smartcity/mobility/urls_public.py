"""UI routes: the public bus map (placeholder until the map work lands)."""
from django.http import HttpResponse
from django.urls import path


def _map(request):
    return HttpResponse("Bản đồ xe buýt")


urlpatterns = [path("", _map, name="mobility-map")]
