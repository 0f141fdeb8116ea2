"""UI routes: the planning check of permit dossiers (views_planning.py)."""
from django.urls import path

from smartcity.gis import views_planning as v

urlpatterns = [
    path("quy-hoach/ho-so/<int:pk>/", v.dossier_planning, name="gis-planning-dossier"),
]
