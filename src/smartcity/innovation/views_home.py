"""The innovation module's home page: what there is, with a few numbers."""
from django.shortcuts import render
from django.utils import timezone

from smartcity.core.permissions import visible
from smartcity.innovation import services
from smartcity.innovation.models import Centre, Event, Programme, Startup


def home(request):
    now = timezone.now()
    return render(request, "innovation/home.html", {
        "startups": visible(Startup.objects.all(), request.user).count(),
        "programmes": visible(Programme.objects.all(), request.user).count(),
        "centres": visible(Centre.objects.all(), request.user).count(),
        "initiatives": services.public_initiatives().count(),
        "upcoming": visible(Event.objects.filter(starts__gte=now), request.user).order_by("starts")[:5],
        "may_review": request.user.is_authenticated and services.may_review(request.user),
    })
