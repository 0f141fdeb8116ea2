"""The street lighting module's home page."""
from django.shortcuts import render


def home(request):
    return render(request, "lighting/home.html", {})
