"""REST API: public (under /api/programme/), no login, published data only.

GET /api/programme/public/progress?plan=CODE   (name api-prog-public-progress)
    The plan's published progress, for the city portal and anyone else: the plan's header,
    the as-of date, overall progress, every action programme (progress, items by status), the
    lead units and the published items (number, titles in Vietnamese and English, status,
    progress, lead unit, dates, page). Without `plan`, the newest published plan; an unknown or
    unpublished plan answers 404, a malformed `as_of` 400, both with {"errors": [...]}.
"""
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcity.programme.services import clock
from smartcity.programme.services.dashboard import public_summary

router_entries = []
CACHE = "public, max-age=60"


@require_GET
def progress(request):
    from smartcity.programme.models import Plan

    plans = Plan.objects.filter(published=True).order_by("-issued_on", "code")
    code = request.GET.get("plan", "").strip()
    plan = plans.filter(code=code).first() if code else plans.first()
    if plan is None:
        return JsonResponse({"errors": [_("No published plan with this code.") if code else _("No plan has been published yet.")]},
                            status=404)
    try:
        as_of = clock.parse_as_of(request.GET.get("as_of", "").strip())
    except ValueError:
        return JsonResponse({"errors": [_("The as-of date is not a date (YYYY-MM-DD).")]}, status=400)
    data = public_summary(plan, as_of)
    data["plan"].pop("published", None)
    data["plan"].pop("id", None)
    for row in data["programmes"] + data["items"]:
        row["url"] = request.build_absolute_uri(row["url"]) if row["url"] else ""
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [
    path("public/progress", progress, name="api-prog-public-progress"),
]
