"""Legal and permit limits, exceedance evidence and monthly reports (views_limits.py),
under /environment/limits/."""
from django.urls import path, re_path

from smartcity.environment import views_limits as v

MONTH = r"(?P<month>\d{4}-\d{2})"
CODE = r"(?P<code>[^/]+)"

urlpatterns = [
    path("limits/", v.limits_index, name="env-limits"),
    path("limits/stations/<str:code>/", v.station_limits, name="env-station-limits"),
    path("limits/stations/<str:code>/permit/add/", v.permit_add, name="env-permit-add"),
    path("limits/stations/<str:code>/class/", v.station_class, name="env-station-class"),
    path("limits/permit/<int:pk>/edit/", v.permit_edit, name="env-permit-edit"),
    path("limits/permit/<int:pk>/end/", v.permit_end, name="env-permit-end"),
    path("limits/alerts/<int:alert_id>/evidence/", v.alert_evidence, name="env-alert-evidence"),
    path("limits/exceedances/<int:pk>/", v.exceedance_detail, name="env-exceedance"),
    path("limits/stations/<str:code>/report/", v.station_report, name="env-station-report-pick"),
    re_path(rf"^limits/stations/{CODE}/report/{MONTH}/$", v.station_report, name="env-station-report"),
    re_path(rf"^limits/stations/{CODE}/report/{MONTH}\.pdf$", v.station_report, {"fmt": "pdf"}, name="env-station-report-pdf"),
    re_path(rf"^limits/stations/{CODE}/report/{MONTH}\.xlsx$", v.station_report, {"fmt": "xlsx"}, name="env-station-report-xlsx"),
    path("limits/facility-report/", v.facility_report, name="env-facility-report"),
    path("limits/facility-report.pdf", v.facility_report, {"fmt": "pdf"}, name="env-facility-report-pdf"),
    path("limits/facility-report.xlsx", v.facility_report, {"fmt": "xlsx"}, name="env-facility-report-xlsx"),
]
