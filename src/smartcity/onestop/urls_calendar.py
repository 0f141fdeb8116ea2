"""UI routes: the working-day calendar (views_calendar.py)."""
from django.urls import path

from smartcity.onestop.placeholders import todo

urlpatterns = [
    path("lich-lam-viec/", todo, name="onestop-calendar"),
]
