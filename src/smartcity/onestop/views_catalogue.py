"""The public procedure catalogue under /onestop/thu-tuc/: a list with filters and a search
that ignores case and Vietnamese diacritics; a procedure page with the version in force
(time limit, fees, documents with template downloads, steps as a small diagram, legal
basis, online submission), the version history with what changed; and, for the competent
unit's editors or the coordinator, a draft version to create, edit and put in force."""
import textwrap

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core import files
from smartcity.core.models import Organisation
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.forms_catalogue import DocumentFormSet, PutInForceForm, VersionForm, document_initial, document_rows
from smartcity.onestop.models import (OnlineLevel, Procedure, ProcedureField, ProcedureLevel, ProcedureVersion, RequiredDocument,
                                      VersionStatus)
from smartcity.onestop.services import catalogue as svc

CHANGE_LABELS = {
    "rule_set": "Legal rule set", "receiving_unit": "Receiving unit", "competent_unit": "Competent unit",
    "time_limit_days": "Time limit (working days)", "online_level": "Online service", "legal_basis": "Legal basis",
    "fees": "Fees and charges", "steps": "Processing steps", "name_vi": "Name", "result_vi": "Result",
    "conditions_vi": "Conditions", "document_added": "Document added", "document_removed": "Document removed",
    "document_changed": "Document changed",
}


def _label(key: str) -> str:
    return _(CHANGE_LABELS.get(key, key))


def catalogue(request):
    base = svc.procedures_for(request.user)
    q = request.GET.get("q", "").strip()
    field, unit = request.GET.get("field", ""), request.GET.get("unit", "")
    level, online = request.GET.get("level", ""), request.GET.get("online", "")
    level = level if level in ProcedureLevel.values else ""
    online = online if online in OnlineLevel.values else ""
    rows = svc.search(base, q=q, field=field, unit=unit, level=level, online=online)
    everything = svc.search(base)
    field_counts, unit_counts, online_counts = {}, {}, {}
    for proc, version in everything:
        field_counts[proc.field_id] = field_counts.get(proc.field_id, 0) + 1
        unit_counts[proc.owner_id] = unit_counts.get(proc.owner_id, 0) + 1
        if version:
            online_counts[version.online_level] = online_counts.get(version.online_level, 0) + 1
    fields = [(f, field_counts[f.pk]) for f in ProcedureField.objects.filter(pk__in=field_counts)]
    units = [(o, unit_counts[o.pk]) for o in Organisation.objects.filter(pk__in=unit_counts).order_by("code")]
    return render(request, "onestop/catalogue/list.html", {
        "rows": rows, "total": len(everything), "q": q, "field": field, "unit": unit, "level": level, "online": online,
        "fields": fields, "units": units, "levels": ProcedureLevel.choices,
        "onlines": [(k, label, online_counts.get(k, 0)) for k, label in OnlineLevel.choices],
        "filtered": bool(q or field or unit or level or online),
    })


def _procedure(request, code) -> Procedure:
    proc = svc.procedures_for(request.user).filter(code=code).first()
    if proc is None:
        raise Http404
    return proc


def _diagram(steps, units) -> dict:
    """Boxes left to right (up to five a row) joined by arrows, each with the step's name on
    two lines, the unit and the working days. Integer coordinates: a localized float
    ("47,5") would be an invalid SVG attribute."""
    per_row, gap, h, total = max(1, min(len(steps), 5)), 30, 84, 960
    w = (total - 20 - (per_row - 1) * gap) // per_row
    chars = max(14, w // 7)
    boxes = []
    for i, s in enumerate(steps):
        row, col = divmod(i, per_row)
        x, y = 10 + col * (w + gap), 10 + row * (h + 24)
        org = units.get(s.get("unit"))
        name = s.get("name_en") if svc_english() and s.get("name_en") else s.get("name_vi", "")
        lines = textwrap.wrap(f"{i + 1}. {name}", chars)
        if len(lines) > 2:
            lines = [lines[0], lines[1][: chars - 1] + "…"]
        boxes.append({"x": x, "y": y, "w": w, "h": h, "lines": [(y + 18 + 15 * k, line) for k, line in enumerate(lines)],
                      "unit": (org.abbreviation or org.code) if org else s.get("unit"), "days": s.get("days"),
                      "unit_y": y + 56, "days_y": y + 74, "tx": x + 8,
                      "arrow": i + 1 < len(steps) and col + 1 < per_row, "ax1": x + w, "ax2": x + w + gap - 2, "ay": y + h // 2,
                      "receiving": s.get("key") in ("receive", "return")})
    rows = (len(steps) + per_row - 1) // per_row or 1
    return {"boxes": boxes, "width": total, "height": 20 + rows * (h + 24) - 24}


def svc_english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "vi").startswith("en")


def _step_rows(steps, units):
    rows, start = [], 0.0
    for i, s in enumerate(steps, 1):
        org = units.get(s.get("unit"))
        english = svc_english()
        rows.append({"n": i, "name": (s.get("name_en") if english and s.get("name_en") else s.get("name_vi")), "unit": org,
                     "unit_code": s.get("unit"), "days": s.get("days"), "from": start, "to": start + float(s.get("days", 0)),
                     "note": (s.get("note_en") if english and s.get("note_en") else s.get("note_vi", ""))})
        start += float(s.get("days", 0))
    return rows


def procedure(request, code):
    proc = _procedure(request, code)
    try:
        version = svc.version_in_force(proc)
    except OneStopError:
        version = None
    editable = svc.can_edit(request.user, proc)
    draft = proc.versions.filter(status=VersionStatus.DRAFT).first() if editable else None
    shown = version or proc.current_version
    units = {o.code: o for o in Organisation.objects.filter(code__in=[s.get("unit") for s in (shown.steps if shown else [])])}
    history = svc.history(proc)
    fees_total = sum(int(f.get("amount_vnd", 0)) for f in (shown.fees if shown else []))
    if not editable:
        history = [h for h in history if h["version"].status != VersionStatus.DRAFT]
    for h in history:
        for c in h["changes"]:
            c["label"] = _label(c["key"])
    return render(request, "onestop/catalogue/detail.html", {
        "proc": proc, "version": shown, "in_force": version is not None, "editable": editable, "draft": draft,
        "documents": shown.documents.all() if shown else [], "steps": _step_rows(shown.steps, units) if shown else [],
        "diagram": _diagram(shown.steps, units) if shown else None, "history": history,
        "fees_total": fees_total, "fees_total_text": svc.money(fees_total),
        "fees": [{**f, "amount_text": svc.money(f.get("amount_vnd", 0))} for f in (shown.fees if shown else [])],
        "scheduled": proc.current_version if proc.current_version and version and proc.current_version.pk != version.pk else None,
        "force_form": PutInForceForm(initial={"valid_from": draft.valid_from}) if draft else None,
    })


def _edit_page(request, proc, version, *, creating: bool):
    """GET/POST of the draft form (documents formset included)."""
    source = version
    if request.method == "POST":
        form = VersionForm(request.POST)
        formset = DocumentFormSet(request.POST, request.FILES, prefix="docs")
        if form.is_valid() and formset.is_valid():
            changes = form.changes()
            changes["documents"] = document_rows(formset)
            try:
                if creating:
                    saved = svc.new_version(proc, request.user, **changes)
                    messages.success(request, _("Draft version %(n)s was created.") % {"n": saved.number})
                else:
                    saved = svc.update_draft(version, request.user, **changes)
                    messages.success(request, _("The draft was saved."))
                return redirect(reverse("onestop-procedure", args=[proc.code]) + "#draft")
            except OneStopError as exc:
                target = exc.field if exc.field in form.fields else ("steps_text" if exc.field == "steps" else
                                                                     "fees_text" if exc.field == "fees" else None)
                form.add_error(target, exc.message)
        status = 400
    else:
        form = VersionForm(initial={f: getattr(source, f) for f in VersionForm.Meta.fields} | {
            "competent_unit": source.competent_unit_id, "receiving_unit": source.receiving_unit_id,
            "fees_text": _fees_text(source), "steps_text": _steps_text(source)})
        formset = DocumentFormSet(initial=document_initial(source), prefix="docs")
        status = 200
    return render(request, "onestop/catalogue/version_form.html", {
        "proc": proc, "version": version, "creating": creating, "form": form, "formset": formset}, status=status)


def _fees_text(v):
    from smartcity.onestop.forms_catalogue import fees_to_text

    return fees_to_text(v.fees)


def _steps_text(v):
    from smartcity.onestop.forms_catalogue import steps_to_text

    return steps_to_text(v.steps)


@login_required
def version_new(request, code):
    proc = get_object_or_404(Procedure, code=code)
    if not svc.can_edit(request.user, proc):
        raise PermissionDenied(_("Only the competent unit's editors may change this procedure."))
    draft = proc.versions.filter(status=VersionStatus.DRAFT).first()
    if draft:
        messages.info(request, _("This procedure already has a draft version: edit it or put it in force."))
        return redirect("onestop-version-edit", code=code, number=draft.number)
    base = proc.current_version or proc.versions.order_by("-number").first()
    if base is None:
        raise Http404
    return _edit_page(request, proc, base, creating=True)


def _draft(request, code, number) -> ProcedureVersion:
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), procedure__code=code, number=number)
    if not svc.can_edit(request.user, version.procedure):
        raise PermissionDenied(_("Only the competent unit's editors may change this procedure."))
    return version


@login_required
def version_edit(request, code, number):
    version = _draft(request, code, number)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("A version in force is never edited: create a new version."))
        return redirect("onestop-procedure", code=code)
    return _edit_page(request, version.procedure, version, creating=False)


@login_required
@require_POST
def version_put_in_force(request, code, number):
    version = _draft(request, code, number)
    form = PutInForceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date from which the version applies."))
        return redirect(reverse("onestop-procedure", args=[code]) + "#draft")
    try:
        svc.put_in_force(version, request.user, form.cleaned_data["valid_from"])
    except OneStopError as exc:
        messages.error(request, exc.message)
        response = redirect(reverse("onestop-procedure", args=[code]) + "#draft")
        response["X-Error-Code"] = exc.code
        return response
    messages.success(request, _("Version %(n)s is in force from %(d)s.") % {"n": version.number, "d": form.cleaned_data["valid_from"].strftime("%d/%m/%Y")})
    return redirect("onestop-procedure", code=code)


@login_required
@require_POST
def version_delete(request, code, number):
    version = _draft(request, code, number)
    try:
        svc.delete_draft(version, request.user)
    except OneStopError as exc:
        messages.error(request, exc.message)
        return redirect("onestop-procedure", code=code)
    messages.success(request, _("The draft was deleted."))
    return redirect("onestop-procedure", code=code)


def template_download(request, pk):
    """A required document's template, always as a download (drafts only for their editors)."""
    doc = get_object_or_404(RequiredDocument.objects.select_related("version__procedure"), pk=pk)
    proc = doc.version.procedure
    if not svc.procedures_for(request.user).filter(pk=proc.pk).exists():
        raise Http404
    if doc.version.status == VersionStatus.DRAFT and not svc.can_edit(request.user, proc):
        raise Http404
    return files.download(doc.template)
