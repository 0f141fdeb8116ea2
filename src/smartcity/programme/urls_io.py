"""UI routes: items of a plan to and from CSV and Excel (views_io.py)."""
from django.urls import path

from smartcity.programme import views_io

urlpatterns = [
    path("items/export/", views_io.items_export, name="programme-items-export"),
    path("items/import/", views_io.items_import, name="programme-items-import"),
]
