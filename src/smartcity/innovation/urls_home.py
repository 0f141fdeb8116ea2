"""UI routes: the module's home (views_home.py)."""
from django.urls import path

from smartcity.innovation import views_home as v

urlpatterns = [path("", v.home, name="innovation-home")]
