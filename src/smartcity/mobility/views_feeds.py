"""Staff pages of GTFS feeds under /mobility/feeds/: the versions of each feed, upload,
a version's detail (tables, routes, validation summary), activation and export.

Reads are for logged-in users; upload and activation only for editors of the owner
organisation (the platform rule, core.permissions). An upload is all or nothing: a file
that is not a readable GTFS zip is refused with the reason and nothing is stored.
"""
import io
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.mobility.models import Feed, FeedStatus, Route, Trip, ValidationNotice
from smartcity.mobility.services import feeds as feed_service

ROUTE_TYPES = {"0": gettext_lazy("tram"), "1": gettext_lazy("metro"), "2": gettext_lazy("rail"), "3": gettext_lazy("bus"),
               "4": gettext_lazy("ferry"), "5": gettext_lazy("cable tram"), "6": gettext_lazy("aerial lift"),
               "7": gettext_lazy("funicular"), "11": gettext_lazy("trolleybus"), "12": gettext_lazy("monorail")}


def max_upload_bytes() -> int:
    return int(getattr(settings, "MOBILITY_GTFS_MAX_UPLOAD", 100 * 1024 * 1024))


def validation_url(pk: int) -> str:
    """The validation page (another part of the app) if its route exists, else its path."""
    try:
        return reverse("mobility-feed-validation", kwargs={"pk": pk})
    except NoReverseMatch:
        return f"/mobility/feeds/{pk}/validation/"


def _feeds(user):
    return visible(Feed.objects.select_related("owner"), user)


@login_required
def feed_list(request):
    versions = list(_feeds(request.user).order_by("owner__code", "name", "-version"))
    groups: dict[tuple, dict] = {}
    for f in versions:
        for table in ("routes", "stops", "trips"):
            setattr(f, f"n_{table}", (f.files or {}).get(f"{table}.txt", {}).get("rows", 0))
        g = groups.setdefault((f.owner_id, f.name), {"name": f.name, "owner": f.owner, "versions": [], "active": None})
        g["versions"].append(f)
        if f.status == FeedStatus.ACTIVE:
            g["active"] = f
    return render(request, "mobility/feed_list.html", {
        "groups": list(groups.values()), "may_upload": writable_owners(request.user).exists(),
    })


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("GTFS zip file"))
    name = forms.CharField(label=gettext_lazy("Feed name"), max_length=120, required=False,
                           help_text=gettext_lazy("Versions of one name are numbered 1, 2, ...; default: the file name."))
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner organisation"), queryset=None, to_field_name="code")
    activate = forms.BooleanField(label=gettext_lazy("Activate if there are no validation errors"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        owners = writable_owners(user).order_by("code")
        self.fields["owner"].queryset = owners
        if user is not None and user.organisation_id and owners.filter(pk=user.organisation_id).exists():
            self.fields["owner"].initial = user.organisation.code
        elif owners.count() == 1:
            self.fields["owner"].initial = owners.first().code


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


def _refuse(request, form, reason, problems=(), status=400):
    if _wants_json(request):
        return JsonResponse({"status": status, "code": "bad_feed" if status == 400 else "permission_denied", "detail": reason,
                             "errors": [{"field": "file", "code": "bad_feed", "message": p} for p in problems]},
                            status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "mobility/feed_upload.html", {"form": form, "file_error": reason, "problems": problems,
                                                         "max_mb": max_upload_bytes() // (1024 * 1024)}, status=status)


@login_required
def feed_upload(request):
    if not writable_owners(request.user).exists():
        raise PermissionDenied(_("You may not upload feeds."))
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method != "POST":
        return render(request, "mobility/feed_upload.html", {"form": form, "max_mb": max_upload_bytes() // (1024 * 1024)})
    if not form.is_valid():
        if "owner" in form.errors and request.POST.get("owner"):
            return _refuse(request, form, _("You may not upload feeds for this organisation."), status=403)
        reasons = [f"{field}: {e}" for field, errs in form.errors.items() for e in errs]
        return _refuse(request, form, _("The form has errors."), reasons)
    upload = form.cleaned_data["file"]
    owner = form.cleaned_data["owner"]
    require_change(request.user, owner)
    if upload.size > max_upload_bytes():
        return _refuse(request, form, _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": round(upload.size / 1048576, 1), "limit": max_upload_bytes() // 1048576})
    data = upload.read()
    try:
        feed = feed_service.import_feed(data, owner=owner, name=form.cleaned_data["name"] or Path(upload.name).stem,
                                        user=request.user, source_name=upload.name)
    except feed_service.ImportRefused as exc:
        return _refuse(request, form, _("Refused, nothing stored: %(reason)s") % {"reason": exc}, exc.problems)
    except feed_service.FeedError as exc:
        return _refuse(request, form, str(exc))
    message = _("%(feed)s stored: %(e)s error(s), %(w)s warning(s).") % {"feed": feed, "e": feed.errors, "w": feed.warnings}
    if form.cleaned_data["activate"]:
        try:
            feed_service.activate(feed, user=request.user)
            message += " " + _("Activated.")
        except feed_service.FeedBlocked:
            message += " " + _("Not activated: the feed has validation errors.")
    messages.success(request, message)
    url = reverse("mobility-feed-detail", kwargs={"pk": feed.pk})
    if _wants_json(request):
        return JsonResponse({"id": feed.pk, "url": url, "errors": feed.errors, "warnings": feed.warnings,
                             "status": feed.status}, status=201)
    return redirect(url)


@login_required
def feed_detail(request, pk):
    feed = get_object_or_404(_feeds(request.user), pk=pk)
    tables = [{"name": name, **meta} for name, meta in sorted(feed.files.items(), key=lambda kv: kv[1].get("order", 0))]
    trips = dict(Trip.objects.filter(feed=feed).values_list("route_id").annotate(n=Count("id")).values_list("route_id", "n"))
    routes = []
    for r in Route.objects.filter(feed=feed).order_by("route_sort_order", "route_short_name", "route_id")[:500]:
        routes.append({"r": r, "type": ROUTE_TYPES.get(r.route_type, r.route_type), "trips": trips.get(r.route_id, 0)})
    notices = ValidationNotice.objects.filter(feed=feed).order_by("severity", "-count", "code")
    versions = Feed.objects.filter(owner_id=feed.owner_id, name=feed.name).order_by("-version")
    return render(request, "mobility/feed_detail.html", {
        "feed": feed, "tables": tables, "routes": routes, "route_count": Route.objects.filter(feed=feed).count(),
        "notices": notices[:30], "notice_count": notices.count(), "validation_url": validation_url(feed.pk),
        "versions": versions, "may_change": can_change(request.user, feed),
    })


@login_required
@require_POST
def feed_activate(request, pk):
    feed = get_object_or_404(_feeds(request.user), pk=pk)
    require_change(request.user, feed)
    force = request.POST.get("force") in ("1", "on", "true")
    try:
        feed_service.activate(feed, user=request.user, force=force)
    except feed_service.FeedBlocked as exc:
        messages.error(request, _("Not activated: %(e)s validation error(s). Tick the box to activate despite them.")
                       % {"e": exc.errors})
    else:
        messages.success(request, _("%(feed)s is now the active version.") % {"feed": feed})
    return redirect("mobility-feed-detail", pk=feed.pk)


@login_required
def feed_export(request, pk):
    feed = get_object_or_404(_feeds(request.user), pk=pk)
    buf = io.BytesIO()
    feed_service.export_feed(feed, buf)
    response = HttpResponse(buf.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_slug(feed.name)}-v{feed.version}.zip"'
    return response


def _slug(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name) or "feed"
