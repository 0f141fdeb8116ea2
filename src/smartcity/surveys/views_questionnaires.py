"""Staff pages of questionnaires: the module's home (questionnaires and campaigns), a
questionnaire with its versions and a preview, and the editor of a draft version (sections,
questions, publish; a published version only offers "new draft version"). Reads follow
`visible`; every change goes through `require_change` on the questionnaire."""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.surveys import access, engine, services
from smartcity.surveys.forms import QuestionForm, QuestionnaireForm, SectionForm
from smartcity.surveys.models import Campaign, Questionnaire, QuestionnaireVersion


@login_required
def home(request):
    questionnaires = visible(Questionnaire.objects.select_related("owner").prefetch_related("versions"), request.user)
    campaigns = access.staff_filter(Campaign.objects.select_related("owner", "version__questionnaire"), request.user)
    rows = [{"c": c, "rate": services.response_rate(c)} for c in campaigns[:50]]
    return render(request, "surveys/home.html", {"questionnaires": questionnaires, "campaigns": rows,
                                                 "can_create": writable_owners(request.user).exists()})


@login_required
def questionnaire_new(request):
    owners = writable_owners(request.user)
    if not owners.exists():
        require_change(request.user, None)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        owner = request.user.organisation if request.user.organisation in owners else owners.first()
        d = form.cleaned_data
        q = services.create_questionnaire(owner, d["code"], d["title_vi"], d["title_en"], description_vi=d["description_vi"],
                                          description_en=d["description_en"], published=d["published"])
        messages.success(request, _("Questionnaire created: add its sections and questions."))
        return redirect("surveys-questionnaire", pk=q.pk)
    return render(request, "surveys/questionnaire_form.html", {"form": form})


def _questionnaire(request, pk):
    q = get_object_or_404(visible(Questionnaire.objects.select_related("owner"), request.user), pk=pk)
    return q


def _version(q, number):
    if number is None:
        return q.latest()
    return get_object_or_404(QuestionnaireVersion, questionnaire=q, number=number)


def kind_labels() -> dict:
    return {"single": _("Single choice"), "multi": _("Multiple choice"), "scale": _("Scale"), "matrix": _("Matrix"),
            "number": _("Number"), "text": _("Free text")}


def preview_sections(definition: dict) -> list[dict]:
    out = []
    for s in definition.get("sections", []):
        qs = []
        for q in s.get("questions", []):
            item = {"q": q, "text": services.label(q, "text_"), "kind_label": kind_labels().get(q["kind"], q["kind"])}
            if q["kind"] in engine.CHOICE_KINDS:
                item["options"] = [services.label(o) for o in q.get("options", [])] + ([_("Other")] if q.get("other") else [])
            if q["kind"] in ("scale", "matrix"):
                item["points"] = list(services.column_labels(q).values())
            if q["kind"] == "matrix":
                item["rows"] = [services.label(r) for r in q.get("rows", [])]
            qs.append(item)
        out.append({"s": s, "title": services.label(s, "title_"), "questions": qs})
    return out


@login_required
def questionnaire(request, pk, number=None):
    q = _questionnaire(request, pk)
    version = _version(q, number)
    editable = can_change(request.user, q)
    problems = services.problem_dicts(engine.check_definition(version.definition)) if version and not version.frozen else []
    return render(request, "surveys/questionnaire.html", {
        "questionnaire": q, "version": version, "versions": q.versions.order_by("number"), "editable": editable,
        "sections": preview_sections(version.definition if version else {}), "problems": problems,
        "section_form": SectionForm(), "campaigns": access.staff_filter(Campaign.objects.filter(version__questionnaire=q).select_related("version"), request.user),
        "definition_json": json.dumps(version.definition if version else {}, ensure_ascii=False, indent=1)})


@login_required
@require_POST
def new_draft(request, pk):
    q = _questionnaire(request, pk)
    require_change(request.user, q)
    version = services.new_draft(q, note=request.POST.get("note", "")[:300])
    messages.success(request, _("Draft version %(n)s ready to edit.") % {"n": version.number})
    return redirect("surveys-questionnaire-version", pk=q.pk, number=version.number)


@login_required
@require_POST
def publish(request, pk, number):
    q = _questionnaire(request, pk)
    require_change(request.user, q)
    version = _version(q, number)
    try:
        services.publish(version)
        messages.success(request, _("Version %(n)s published: it is frozen and can be sent.") % {"n": version.number})
    except services.SurveyError as exc:
        messages.error(request, exc.message + " " + "; ".join(f"{p['field']}: {p['message']}" for p in exc.problems))
    return redirect("surveys-questionnaire-version", pk=q.pk, number=version.number)


@login_required
@require_POST
def add_section(request, pk, number):
    q = _questionnaire(request, pk)
    require_change(request.user, q)
    version = _version(q, number)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.add_section(version, **form.cleaned_data)
        except services.SurveyError as exc:
            messages.error(request, exc.message + " " + "; ".join(p["message"] for p in exc.problems))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("surveys-questionnaire-version", pk=q.pk, number=version.number)


@login_required
def edit_question(request, pk, number, key=None):
    q = _questionnaire(request, pk)
    require_change(request.user, q)
    version = _version(q, number)
    if version.frozen:
        messages.error(request, _("A published version cannot change: make a new draft version."))
        return redirect("surveys-questionnaire-version", pk=q.pk, number=version.number)
    sections = version.definition.get("sections", [])
    initial = {"required": True, "scale_min": 1, "scale_max": 5, "section": request.GET.get("section", "")}
    if key:
        found = [(s["key"], x) for s in sections for x in s.get("questions", []) if x["key"] == key]
        if not found:
            raise Http404(_("There is no such question."))
        initial = QuestionForm.initial_for(found[0][1], found[0][0])
    form = QuestionForm(request.POST or None, initial=initial, sections=sections)
    if request.method == "POST" and request.POST.get("delete") and key:
        services.remove_question(version, key)
        messages.success(request, _("Question deleted."))
        return redirect("surveys-questionnaire-version", pk=q.pk, number=version.number)
    if request.method == "POST" and form.is_valid():
        try:
            services.put_question(version, form.cleaned_data["section"], form.question(), replace=key)
        except services.SurveyError as exc:
            for p in exc.problems:
                form.add_error(None, f"{p['field']}: {p['message']}")
            if not exc.problems:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys-questionnaire-version", pk=q.pk, number=version.number)
    return render(request, "surveys/question_form.html", {"questionnaire": q, "version": version, "form": form, "key": key})
