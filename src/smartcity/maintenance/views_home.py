"""The maintenance work orders module's home page."""
from django.shortcuts import render


def home(request):
    return render(request, "maintenance/home.html", {})
