"""UI routes of consultations (views_consultations.py)."""
from django.urls import path

from smartcity.participation import views_consultations as v

urlpatterns = [
    path("consultations/", v.consultation_list, name="participation-consultations"),
    path("c/<slug:slug>/", v.consultation, name="participation-consultation"),
    path("c/<slug:slug>/code/", v.ask_code, name="participation-consultation-code"),
    path("c/<slug:slug>/vote/", v.vote, name="participation-vote"),
    path("c/<slug:slug>/comment/", v.comment, name="participation-comment"),
    path("c/<slug:slug>/answer/", v.answer, name="participation-answer"),
    path("comments/<int:pk>/moderate/", v.moderate, name="participation-moderate"),
]
