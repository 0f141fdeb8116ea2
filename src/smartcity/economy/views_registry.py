"""Work of the owner department: import with its report, possible duplicates and merges,
links found automatically, the access log of restricted fields."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.models import Organisation
from smartcity.economy import access, importer, merge
from smartcity.economy.forms import ImportForm
from smartcity.economy.models import (DuplicateCandidate, DuplicateState, Enterprise, EnterpriseAccessLog, EnterpriseLink,
                                      ImportBatch, MergeRecord)
from smartcity.economy.views_enterprises import _require_editor


def _require_owner_department(user):
    if not access.is_owner_department(user):
        raise PermissionDenied(_("This page is for the Department of Planning and Investment and the Smart City Office."))


def home(request):
    qs = Enterprise.objects.filter(merged_into__isnull=True, published=True)
    return render(request, "economy/home.html", {
        "n": qs.count(), "fdi": qs.filter(foreign_invested=True).count(),
        "parks": Enterprise.industrial_park.field.related_model.objects.filter(published=True).count(),
        "owner_dept": access.is_owner_department(request.user), "may_edit": access.may_edit(request.user),
        "open_duplicates": DuplicateCandidate.objects.filter(state=DuplicateState.OPEN).count()
        if access.is_owner_department(request.user) else None,
        "links": EnterpriseLink.objects.count() if access.is_owner_department(request.user) else None,
    })


@login_required
def import_page(request):
    _require_editor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            batch = importer.run_import(f.read(), f.name, request.user, Organisation.objects.get(code=access.OWNER_CODE))
        except importer.ImportFormatError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Import done: %(c)s created, %(u)s updated, %(r)s rejected.") % {
                "c": batch.created, "u": batch.updated, "r": batch.rejected})
            return redirect("economy-import-report", pk=batch.pk)
    batches = ImportBatch.objects.select_related("uploaded_by")[:20]
    return render(request, "economy/import.html", {"form": form, "batches": batches, "columns": importer.COLUMNS})


@login_required
def import_report(request, pk):
    _require_owner_department(request.user)
    batch = get_object_or_404(ImportBatch, pk=pk)
    show = request.GET.get("show", "")
    rows = [r for r in batch.report if not show or r.get("action") == show or (show == "duplicates" and r.get("duplicates"))]
    return render(request, "economy/import_report.html", {"batch": batch, "rows": rows, "show": show})


@login_required
def duplicates(request):
    _require_owner_department(request.user)
    state = request.GET.get("state", DuplicateState.OPEN)
    qs = DuplicateCandidate.objects.filter(state=state).select_related(
        "enterprise__unit", "other__unit", "enterprise__industrial_park", "other__industrial_park")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "economy/duplicates.html", {
        "page": page, "state": state, "states": DuplicateState.choices, "may_edit": access.may_edit(request.user),
        "merges": MergeRecord.objects.select_related("kept", "merged", "by")[:15]})


@login_required
@require_POST
def duplicate_decide(request, pk):
    _require_editor(request.user)
    cand = get_object_or_404(DuplicateCandidate, pk=pk, state=DuplicateState.OPEN)
    decision = request.POST.get("decision")
    if decision == "dismiss":
        cand.state, cand.decided_by, cand.decided_at = DuplicateState.DISMISSED, request.user, timezone.now()
        cand.save()
        messages.success(request, _("Marked as not a duplicate."))
    elif decision in ("keep_first", "keep_second"):
        kept, other = (cand.enterprise, cand.other) if decision == "keep_first" else (cand.other, cand.enterprise)
        try:
            merge.merge(kept, other, request.user)
            messages.success(request, _("%(merged)s merged into %(kept)s.") % {"merged": other.tax_code, "kept": kept.tax_code})
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    return redirect("economy-duplicates")


@login_required
def access_log(request):
    _require_owner_department(request.user)
    qs = EnterpriseAccessLog.objects.select_related("user", "organisation", "enterprise")
    if e := request.GET.get("enterprise", "").strip():
        qs = qs.filter(enterprise__tax_code=e)
    if u := request.GET.get("user", "").strip():
        qs = qs.filter(user__username=u)
    if c := request.GET.get("channel", "").strip():
        qs = qs.filter(channel=c)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    by_org = (EnterpriseAccessLog.objects.values("organisation__code").annotate(n=Count("pk")).order_by("-n")[:10])
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "economy/access_log.html", {"page": page, "by_org": by_org, "params": params.urlencode(),
                                                       "f": {"enterprise": e, "user": u, "channel": c}})
