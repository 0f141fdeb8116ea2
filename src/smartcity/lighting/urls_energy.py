"""UI routes of the energy dashboard (views_energy.py)."""
from django.urls import path

from smartcity.lighting import views_energy as v

urlpatterns = [
    path("nang-luong/", v.dashboard, name="lighting-energy"),
    path("nang-luong/bao-cao.pdf", v.report, {"fmt": "pdf"}, name="lighting-energy-report-pdf"),
    path("nang-luong/bao-cao.xlsx", v.report, {"fmt": "xlsx"}, name="lighting-energy-report-xlsx"),
]
