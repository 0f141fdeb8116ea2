"""Energy API: GET /api/lighting/energy/?month=YYYY-MM[&group=CODE] or ?from=YYYY-MM-DD&to=YYYY-MM-DD
(to exclusive, at most 400 days): consumption and savings in total and by month, day,
group and district (see lighting/energy.py for what each figure means)."""
import datetime as dt

from django.urls import path
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.lighting import energy_data


def _bad(field, code, message):
    return exceptions.ValidationError({field: [exceptions.ErrorDetail(message, code=code)]})


class EnergyView(APIView):
    def get(self, request):
        p = request.query_params
        if p.get("from") or p.get("to"):
            try:
                start = dt.date.fromisoformat(p.get("from", ""))
            except ValueError:
                raise _bad("from", "invalid_date", "YYYY-MM-DD") from None
            try:
                end = dt.date.fromisoformat(p.get("to", ""))
            except ValueError:
                raise _bad("to", "invalid_date", "YYYY-MM-DD") from None
            if not start < end or (end - start).days > 400:
                raise _bad("to", "bad_range", "to must be after from, at most 400 days later")
        else:
            try:
                start, end = energy_data.month_range(p.get("month") or None)
            except (ValueError, TypeError):
                raise _bad("month", "invalid_month", "YYYY-MM") from None
        return Response(energy_data.summary(request.user, start, end, owner=p.get("owner") or None,
                                            group=p.get("group") or None))


router_entries: list = []
urlpatterns = [path("energy/", EnergyView.as_view(), name="api-lighting-energy")]
