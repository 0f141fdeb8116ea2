"""The rainwater reservoirs module's home page."""
from django.shortcuts import render


def home(request):
    return render(request, "water/home.html", {})
