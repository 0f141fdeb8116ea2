"""UI routes: the layer list and a layer's page, imports with progress (views_layers.py)."""
from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):  # replaced by the layers part
    return HttpResponse("Đang xây dựng / under construction", status=501, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("", _todo, name="gis-home"),
]
