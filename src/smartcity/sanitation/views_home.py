"""The smart bins and waste collection module's home page."""
from django.shortcuts import render


def home(request):
    return render(request, "sanitation/home.html", {})
