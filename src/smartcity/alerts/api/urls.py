"""Alerts API. Viewsets on `router` (merged into /api/): /api/alerts/rules/,
/api/alerts/preferences/, /api/alerts/deliveries/, /api/alerts/ (alerts themselves;
ids are numeric, so the named sub-paths never clash). Plain views under /api/alerts/."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from smartcity.alerts.api import views

router = DefaultRouter()
router.register("alerts/rules", views.AlertRuleViewSet, basename="alertrule")
router.register("alerts/preferences", views.NotificationPreferenceViewSet, basename="alertpreference")
router.register("alerts/deliveries", views.DeliveryViewSet, basename="alertdelivery")
router.register("alerts", views.AlertViewSet, basename="alert")

urlpatterns = [
    path("evaluators", views.evaluator_list, name="alert-evaluators"),
]
