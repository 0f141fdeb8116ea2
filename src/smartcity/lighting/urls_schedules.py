"""UI routes: schedules (views_schedules.py)."""
from django.urls import path

from smartcity.lighting import views_schedules as v

urlpatterns = [
    path("schedules/", v.schedules, name="lighting-schedules"),
]
