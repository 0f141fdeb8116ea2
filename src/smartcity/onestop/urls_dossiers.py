"""UI routes: staff work on dossiers (views_dossiers.py): the list, intake at the counter,
one dossier with its actions."""
from django.urls import path

from smartcity.onestop.placeholders import todo

urlpatterns = [
    path("ho-so/", todo, name="onestop-dossiers"),
    path("ho-so/tiep-nhan/", todo, name="onestop-intake"),
    path("ho-so/<int:pk>/", todo, name="onestop-dossier"),
]
