"""UI routes: the public accountability pages of the programme (views_public.py)."""
from django.urls import path

from smartcity.programme import views_public as v

urlpatterns = [
    path("", v.home, name="programme-home"),
]
