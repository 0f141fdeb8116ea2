"""UI routes: progress reports, unit plans and the overdue list (views_reports.py)."""
from django.urls import path

from smartcity.programme import views_reports as v

urlpatterns = [
    path("reports/", v.reports_home, name="programme-reports"),
    path("reports/review/", v.report_queue, name="programme-reports-queue"),
    path("reports/item/<int:item_id>/write/", v.report_edit, name="programme-reports-edit"),
    path("reports/<int:pk>/", v.report_detail, name="programme-reports-detail"),
    path("reports/<int:pk>/submit/", v.report_submit, name="programme-reports-submit"),
    path("reports/<int:pk>/review/", v.report_review, name="programme-reports-review"),
    path("reports/<int:pk>/attach/", v.report_attach, name="programme-reports-attach"),
    path("reports/files/<int:pk>/", v.attachment_download, name="programme-reports-file"),
    path("unit-plans/", v.unit_plans, name="programme-unit-plans"),
    path("unit-plans/new/", v.unit_plan_create, name="programme-unit-plans-create"),
    path("unit-plans/<int:pk>/", v.unit_plan_detail, name="programme-unit-plans-detail"),
    path("unit-plans/<int:pk>/review/", v.unit_plan_review, name="programme-unit-plans-review"),
    path("unit-plans/<int:pk>/attach/", v.unit_plan_attach, name="programme-unit-plans-attach"),
    path("overdue/", v.overdue, name="programme-overdue"),
]
