"""UI routes: the public pages (views_public.py): the module's landing page, online
submission of a dossier, status lookup by code + second factor."""
from django.urls import path

from smartcity.onestop import views_public

urlpatterns = [
    path("", views_public.home, name="onestop-home"),
    path("nop-truc-tuyen/<str:code>/", views_public.submit, name="onestop-submit"),
    path("tra-cuu/", views_public.lookup, name="onestop-lookup"),
]
