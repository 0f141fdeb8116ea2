"""UI routes: collection plans, routes, route sheets (views_collection.py)."""
from django.urls import path

from smartcity.sanitation import views_collection as v

urlpatterns = [
    path("plans/", v.plan_list, name="sanitation-plans"),
    path("plans/new/", v.plan_create, name="sanitation-plan-create"),
    path("plans/<int:pk>/", v.plan_detail, name="sanitation-plan"),
    path("plans/<int:pk>/optimise/", v.plan_optimise, name="sanitation-plan-optimise"),
    path("routes/<int:pk>/", v.route_detail, name="sanitation-route"),
    path("routes/<int:pk>/stops/<int:stop_pk>/collect/", v.stop_collect, name="sanitation-stop-collect"),
    path("routes/<int:pk>/sheet/", v.route_sheet, name="sanitation-route-sheet"),
    path("routes/<int:pk>/sheet.pdf", v.route_sheet_pdf, name="sanitation-route-sheet-pdf"),
]
