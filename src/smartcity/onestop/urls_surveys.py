"""UI routes: SIPAS satisfaction surveys (views_surveys.py): the survey by link/QR, the
counter kiosk, the index."""
from django.urls import path

from smartcity.onestop.placeholders import todo

urlpatterns = [
    path("khao-sat/<str:token>/", todo, name="onestop-survey"),
    path("kiosk/", todo, name="onestop-kiosk"),
    path("hai-long/", todo, name="onestop-satisfaction"),
]
