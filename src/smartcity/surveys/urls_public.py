"""UI routes of the answering pages (views_public.py): public, no login."""
from django.urls import path

from smartcity.surveys import views_public as v

urlpatterns = [
    path("a/<str:token>/", v.answer, name="surveys-answer"),
    path("a/<str:token>/thanks/", v.thanks, name="surveys-thanks"),
    path("o/<str:public_token>/", v.open_link, name="surveys-open"),
]
