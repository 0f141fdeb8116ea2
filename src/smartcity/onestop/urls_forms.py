"""UI routes: the legal forms as PDF (views_forms.py)."""
from django.urls import path

from smartcity.onestop import views_forms

urlpatterns = [
    path("ho-so/<int:pk>/mau/<str:form>.pdf", views_forms.form_pdf, name="onestop-form"),
    path("so-theo-doi/", views_forms.tracking_book, name="onestop-tracking-book"),
]
