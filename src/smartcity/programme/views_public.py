"""Public, read-only pages of the programme (placeholder until the public view lands)."""
from django.shortcuts import render


def home(request):
    from smartcity.programme.models import Plan

    return render(request, "programme/public_home.html", {"plans": Plan.objects.filter(published=True)})
