"""UI routes: the Triple Helix matrix (views_helix.py)."""
from django.urls import path

from smartcity.programme import views_helix as v

urlpatterns = [
    path("helix/", v.helix_matrix, name="programme-helix"),
]
