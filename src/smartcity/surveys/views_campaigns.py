"""Staff pages of a campaign: create it from a published version; its page (response rate and
states, choosing recipients by sector, park, size and foreign investment, send, remind, the
letters PDF, the open link with its QR, findings); results (charts per question, cross-tabs,
filters) and the Excel export. Reads need `access.can_see` (the owner organisation's staff and
the coordinator); changes `require_change`."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.surveys import access, charts, engine, exports, services
from smartcity.surveys.forms import CampaignForm, FindingForm, SelectionForm
from smartcity.surveys.models import Campaign, Finding, QuestionnaireVersion, RecipientState, VersionState


def _campaign(request, pk) -> Campaign:
    c = get_object_or_404(Campaign.objects.select_related("owner", "version__questionnaire"), pk=pk)
    access.require_see(request.user, c)
    return c


@login_required
def campaign_new(request, version_pk):
    version = get_object_or_404(visible(QuestionnaireVersion.objects.select_related("questionnaire"), request.user),
                                pk=version_pk, state=VersionState.PUBLISHED)
    owners = writable_owners(request.user)
    if not owners.exists():
        require_change(request.user, None)
    owner = request.user.organisation if request.user.organisation in owners else owners.first()
    form = CampaignForm(request.POST or None, initial={"title_vi": version.questionnaire.title_vi,
                                                      "title_en": version.questionnaire.title_en})
    if request.method == "POST" and form.is_valid():
        c = form.save(commit=False)
        c.version, c.owner = version, owner
        c.save()
        messages.success(request, _("Campaign created: choose its recipients."))
        return redirect("surveys-campaign", pk=c.pk)
    return render(request, "surveys/campaign_form.html", {"form": form, "version": version})


@login_required
def campaign_edit(request, pk):
    c = _campaign(request, pk)
    require_change(request.user, c)
    form = CampaignForm(request.POST or None, instance=c)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Campaign saved."))
        return redirect("surveys-campaign", pk=c.pk)
    return render(request, "surveys/campaign_form.html", {"form": form, "version": c.version, "campaign": c})


@login_required
def campaign(request, pk):
    c = _campaign(request, pk)
    editable = can_change(request.user, c)
    selection = SelectionForm(request.POST or None)
    if request.method == "POST":
        require_change(request.user, c)
        if selection.is_valid():
            added = services.add_recipients(c, {k: v for k, v in selection.cleaned_data.items() if v not in (None, "", [])})
            messages.success(request, _("%(n)s recipients added.") % {"n": added})
            return redirect("surveys-campaign", pk=c.pk)
    state = request.GET.get("state", "")
    recipients = c.recipients.select_related("enterprise").order_by("pk")
    if state in RecipientState.values:
        recipients = recipients.filter(state=state)
    recipient_rows = list(recipients[:200])
    labels = services.dimension_labels()
    for r in recipient_rows:
        profile = r.profile or {}
        r.size_label = labels["size"].get(profile.get("size"), "")
        r.park_label = labels["park"].get(profile.get("park"), "") if profile.get("park") else ""
    findings = c.findings.prefetch_related("programme_items").all()
    finding_form = FindingForm(definition=c.version.definition) if editable else None
    return render(request, "surveys/campaign.html", {
        "campaign": c, "editable": editable, "rate": services.response_rate(c), "selection": selection,
        "recipients": recipient_rows, "recipient_total": recipients.count(), "state": state,
        "states": RecipientState.choices, "findings": findings, "finding_form": finding_form,
        "open_url": services.open_url(c) if c.open_link else "",
        "qr": exports.qr_svg(services.open_url(c)) if c.open_link else "",
        "questions": {q["key"]: q for q in engine.questions(c.version.definition)}})


@login_required
@require_POST
def send(request, pk):
    c = _campaign(request, pk)
    require_change(request.user, c)
    out = services.send(c)
    messages.success(request, _("%(sent)s invitations sent: %(emailed)s by e-mail, %(letters)s to print as letters.") % out)
    return redirect("surveys-campaign", pk=c.pk)


@login_required
@require_POST
def remind(request, pk):
    c = _campaign(request, pk)
    require_change(request.user, c)
    try:
        n = services.remind(c)
        messages.success(request, _("%(n)s reminders sent.") % {"n": n})
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    return redirect("surveys-campaign", pk=c.pk)


@login_required
def letters(request, pk):
    c = _campaign(request, pk)
    require_change(request.user, c)  # the letters carry the personal links
    recipients = c.recipients.select_related("enterprise").filter(channel="invited").order_by("pk")
    if request.GET.get("recipient"):
        recipients = recipients.filter(pk=request.GET["recipient"])
    elif request.GET.get("without_email"):
        recipients = recipients.filter(email="")
    response = HttpResponse(exports.letters_pdf(c, list(recipients)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="thu-moi-khao-sat-{c.pk}.pdf"'
    return response


@login_required
@require_POST
def finding_add(request, pk):
    c = _campaign(request, pk)
    require_change(request.user, c)
    form = FindingForm(request.POST, definition=c.version.definition)
    if form.is_valid():
        f = form.save(commit=False)
        f.campaign, f.owner, f.author = c, c.owner, request.user
        f.save()
        form.save_m2m()
        messages.success(request, _("Finding recorded."))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("surveys-campaign", pk=c.pk)


@login_required
@require_POST
def finding_delete(request, pk, finding_pk):
    c = _campaign(request, pk)
    f = get_object_or_404(Finding, pk=finding_pk, campaign=c)
    require_change(request.user, f)
    f.delete()
    messages.success(request, _("Finding deleted."))
    return redirect("surveys-campaign", pk=c.pk)


# -- results --------------------------------------------------------------------------------------
def _filters(request) -> dict:
    return {d: request.GET[d] for d in services.DIMENSIONS if request.GET.get(d, "") != ""}


def question_results(campaign, filters) -> list[dict]:
    definition = campaign.version.definition
    res = services.results(campaign, filters)
    out = []
    for s in definition.get("sections", []):
        for q in s.get("questions", []):
            t = res["questions"][q["key"]]
            item = {"q": q, "text": services.label(q, "text_"), "t": t}
            if q["kind"] in ("single", "multi", "scale"):
                labels = services.column_labels(q)
                item["chart"] = charts.hbars([{"label": labels.get(v, str(v)), "count": c, "share": t["shares"][v]}
                                              for v, c in t["counts"].items()])
            if q["kind"] == "matrix":
                labels = services.column_labels(q)
                item["columns"] = list(labels.values())
                item["heat"] = []
                for r in q.get("rows", []):
                    row = t["rows"][r["value"]]
                    cells = []
                    for v in engine.scale_values(q):
                        pct = round(100 * row["shares"][v], 1) if row["shares"][v] is not None else None
                        cells.append({"count": row["counts"][v], "pct": pct, **charts.heat(pct)})
                    item["heat"].append({"label": services.label(r), "n": row["n"], "mean": row["mean"], "cells": cells})
            out.append(item)
    return out, res["n"]


@login_required
def results(request, pk):
    c = _campaign(request, pk)
    filters = _filters(request)
    items, n = question_results(c, filters)
    labels = services.dimension_labels()
    crosstab, ct_error = None, ""
    by = request.GET.get("by", "size")
    key = request.GET.get("question", "")
    choice_questions = [q for q in engine.questions(c.version.definition) if q["kind"] in ("single", "multi", "scale")]
    if not key and choice_questions:
        key = choice_questions[0]["key"]
    if key:
        try:
            crosstab = services.crosstab(c, key, by, filters)
            for g in crosstab["groups"] + [crosstab["total"]]:
                g["cells"] = [{"count": g["counts"][col], "pct": g["pct"][col], **charts.heat(g["pct"][col])} for col in crosstab["columns"]]
            crosstab["headings"] = [crosstab["column_labels"].get(col, str(col)) for col in crosstab["columns"]]
        except services.SurveyError as exc:
            ct_error = exc.message
    dims = [{"key": d, "name": services.DIMENSION_NAMES[d], "options": list(labels[d].items()), "value": filters.get(d, "")}
            for d in services.DIMENSIONS]
    return render(request, "surveys/results.html", {
        "campaign": c, "items": items, "n": n, "rate": services.response_rate(c), "filters": filters, "dims": dims,
        "crosstab": crosstab, "ct_error": ct_error, "by": by, "question_key": key,
        "choice_questions": [{"key": q["key"], "text": services.label(q, "text_")} for q in choice_questions],
        "query": request.GET.urlencode()})


@login_required
def export_xlsx(request, pk):
    c = _campaign(request, pk)
    data = exports.workbook(c, _filters(request))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="khao-sat-{c.pk}.xlsx"'
    return response
