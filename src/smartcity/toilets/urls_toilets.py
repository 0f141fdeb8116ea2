"""UI routes of the operator pages (views_toilets.py)."""
from django.urls import path

from smartcity.toilets import views_toilets as v

urlpatterns = [
    path("list/", v.toilet_list, name="toilets-list"),
    path("t/<slug:slug>/", v.toilet_detail, name="toilets-detail"),
    path("rounds/", v.schedule, name="toilets-schedule"),
    path("rounds/<int:pk>/confirm/", v.confirm, name="toilets-round-confirm"),
]
