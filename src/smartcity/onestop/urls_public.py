"""UI routes: the public pages (views_public.py): the module's landing page, online
submission of a dossier, status lookup by code + second factor."""
from django.urls import path

from smartcity.onestop.placeholders import todo

urlpatterns = [
    path("", todo, name="onestop-home"),
    path("nop-truc-tuyen/<str:code>/", todo, name="onestop-submit"),
    path("tra-cuu/", todo, name="onestop-lookup"),
]
