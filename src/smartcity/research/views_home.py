"""The research module's home page: what the registry holds, with links."""
from django.shortcuts import render

from smartcity.core.permissions import visible
from smartcity.research.models import Booking, BookingStatus, Course, Equipment, Lab, Pilot, ResearchProject


def home(request):
    u = request.user
    counts = {"labs": visible(Lab.objects.all(), u).count(), "equipment": visible(Equipment.objects.all(), u).count(),
              "approved": Booking.objects.filter(status=BookingStatus.APPROVED).count(),
              "pilots": visible(Pilot.objects.all(), u).count(), "projects": visible(ResearchProject.objects.all(), u).count(),
              "courses": visible(Course.objects.all(), u).count()}
    return render(request, "research/home.html", {"counts": counts})
