"""UI routes: the procedure catalogue (views_catalogue.py)."""
from django.urls import path

from smartcity.onestop.placeholders import todo

urlpatterns = [
    path("thu-tuc/", todo, name="onestop-catalogue"),
    path("thu-tuc/<str:code>/", todo, name="onestop-procedure"),
]
