"""Temporary: routes whose views are being written keep their names so that links resolve.
Removed when every part has its views."""
from django.http import HttpResponse


def todo(request, *args, **kwargs):
    return HttpResponse("Đang xây dựng / under construction", status=501, content_type="text/plain; charset=utf-8")
