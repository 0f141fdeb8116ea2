"""UI routes of the Centre's programmes, events, sessions and calendar (views_programmes.py)."""
from django.urls import path

from smartcity.innovation import views_programmes as v

urlpatterns = [
    path("programmes/", v.programme_list, name="innovation-programmes"),
    path("programmes/<slug:slug>/", v.programme_detail, name="innovation-programme"),
    path("events/", v.event_list, name="innovation-events"),
    path("sessions/", v.session_list, name="innovation-sessions"),
    path("calendar/", v.calendar_view, name="innovation-calendar"),
]
