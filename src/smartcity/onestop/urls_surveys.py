"""UI routes: SIPAS satisfaction surveys (views_surveys.py): the survey by link/QR, the
counter kiosk, the index."""
from django.urls import path

from smartcity.onestop import views_surveys as views

urlpatterns = [
    path("khao-sat/<str:token>/", views.survey, name="onestop-survey"),
    path("khao-sat/<str:token>/cam-on/", views.survey_thanks, name="onestop-survey-thanks"),
    path("kiosk/", views.kiosk, name="onestop-kiosk"),
    path("kiosk/<str:code>/", views.kiosk_survey, name="onestop-kiosk-survey"),
    path("hai-long/", views.satisfaction, name="onestop-satisfaction"),
    path("hai-long/csv/", views.satisfaction_csv, name="onestop-satisfaction-csv"),
]
