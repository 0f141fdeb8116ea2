"""The smart public toilets module's home page."""
from django.shortcuts import render


def home(request):
    return render(request, "toilets/home.html", {})
