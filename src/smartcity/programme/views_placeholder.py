"""Placeholder for a programme page whose view has not landed yet (removed when all have)."""
from django.http import HttpResponse


def pending(request, **kwargs):
    return HttpResponse(status=501)
