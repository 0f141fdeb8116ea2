"""UI routes: escalations to the Steering Committee (views_escalations.py)."""
from django.urls import path

from smartcity.programme import views_escalations as v

urlpatterns = [
    path("escalations/", v.escalation_list, name="programme-escalations"),
    path("escalations/new/", v.escalation_create, name="programme-escalations-create"),
    path("escalations/<int:pk>/", v.escalation_detail, name="programme-escalations-detail"),
    path("escalations/<int:pk>/review/", v.escalation_review, name="programme-escalations-review"),
    path("escalations/<int:pk>/decide/", v.escalation_decide, name="programme-escalations-decide"),
    path("escalations/<int:pk>/withdraw/", v.escalation_withdraw, name="programme-escalations-withdraw"),
]
