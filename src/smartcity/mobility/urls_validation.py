"""UI routes: the validation report of a GTFS feed version (views_validation.py)."""
from django.urls import path

from smartcity.mobility import views_validation

urlpatterns = [
    path("feeds/<int:pk>/validation/", views_validation.feed_validation, name="mobility-feed-validation"),
]
