"""Alert pages under /alerts/."""
from django.urls import path

from smartcity.alerts import views

urlpatterns = [
    path("", views.alert_list, name="alert-list"),
    path("<int:pk>/", views.alert_detail, name="alert-detail"),
    path("<int:pk>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("rules/", views.rule_list, name="alert-rule-list"),
    path("rules/new/", views.rule_create, name="alert-rule-create"),
    path("rules/<int:pk>/", views.rule_edit, name="alert-rule-edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="alert-rule-delete"),
    path("preferences/", views.preferences, name="alert-preferences"),
    path("preferences/<int:pk>/delete/", views.preference_delete, name="alert-preference-delete"),
]
