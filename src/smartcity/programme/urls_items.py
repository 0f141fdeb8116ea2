"""UI routes: items (views_items.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("plans/<slug:code>/", pending, name="programme-plan"),
    path("items/<int:pk>/", pending, name="programme-item"),
]
