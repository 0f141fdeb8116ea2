"""UI routes of the reservoirs (views_reservoirs.py)."""
from django.urls import path

from smartcity.water import views_reservoirs as v

urlpatterns = [
    path("reservoirs/", v.reservoir_list, name="water-reservoirs"),
    path("reservoirs/<slug:slug>/", v.reservoir_detail, name="water-reservoir"),
    path("reservoirs/<slug:slug>/stage-table/", v.stage_upload, name="water-stage-upload"),
    path("season-report/", v.season_report, name="water-season-report"),
    path("season-report.xlsx", v.season_report_xlsx, name="water-season-report-xlsx"),
    path("season-report.pdf", v.season_report_pdf, name="water-season-report-pdf"),
]
