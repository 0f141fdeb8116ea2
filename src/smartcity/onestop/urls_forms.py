"""UI routes: the legal forms as PDF (views_forms.py)."""
from django.urls import path

from smartcity.onestop.placeholders import todo

urlpatterns = [
    path("ho-so/<int:pk>/mau/<str:form>.pdf", todo, name="onestop-form"),
    path("so-theo-doi/", todo, name="onestop-tracking-book"),
]
