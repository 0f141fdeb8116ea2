"""The answering pages (public, no login, phone-friendly, Vietnamese first):

- a/<token>/         the questionnaire for one recipient: "save and continue later" keeps a
                     draft, "send" validates everything and records the answers once;
- a/<token>/thanks/  thank you;
- o/<public token>/  the campaign's open link: a button makes an anonymous invitation
                     (rate-limited per client address) and moves to its own page.
The forms carry Django's CSRF token; the token in the address is the only credential."""
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from smartcity.surveys import engine, services
from smartcity.surveys.models import Campaign


def answers_from_post(definition: dict, post) -> dict:
    """The raw answers from the form fields (names: key, key:other, key.row)."""
    raw: dict = {}
    for q in engine.questions(definition):
        key, kind = q["key"], q["kind"]
        if kind == "multi":
            values = [v for v in post.getlist(key) if v]
            if values:
                raw[key] = values
        elif kind == "matrix":
            rows = {r["value"]: post.get(f"{key}.{r['value']}") for r in q.get("rows", [])}
            rows = {k: v for k, v in rows.items() if v not in (None, "")}
            if rows:
                raw[key] = rows
        elif post.get(key, "").strip() != "":
            raw[key] = post.get(key).strip()
        if q.get("other") and post.get(f"{key}:other", "").strip():
            raw[f"{key}:other"] = post.get(f"{key}:other").strip()
    return raw


def _opt(item: dict) -> dict:
    return {"value": str(item["value"]), "label": services.label(item)}


def form_sections(definition: dict, answers: dict, errors: dict) -> list[dict]:
    """The questionnaire ready for the template: labels in the page's language, given answers
    marked, error messages next to their question."""
    out = []
    shown = engine.visible_keys(definition, answers)
    number = 0
    for s in definition.get("sections", []):
        qs = []
        for q in s.get("questions", []):
            number += 1
            key, value = q["key"], answers.get(q["key"])
            item = {"key": key, "kind": q["kind"], "number": number, "text": services.label(q, "text_"),
                    "help": services.label(q, "help_"), "required": bool(q.get("required")),
                    "hidden": key not in shown, "show_if": q.get("show_if"),
                    "show_values": "|".join(str(v) for v in (q.get("show_if") or {}).get("values", [])),
                    "errors": [m for f, m in errors.items() if f == key or f.startswith(f"{key}.") or f.startswith(f"{key}:")],
                    "other_text": answers.get(f"{key}:other", "")}
            if q["kind"] in engine.CHOICE_KINDS:
                chosen = value if isinstance(value, list) else ([value] if value else [])
                opts = [_opt(o) for o in q.get("options", [])]
                if q.get("other"):
                    opts.append({"value": engine.OTHER, "label": _("Other (please say what)"), "other": True})
                for o in opts:
                    o["checked"] = o["value"] in [str(c) for c in chosen]
                item["options"] = opts
                item["max_choices"] = q.get("max_choices")
            elif q["kind"] in ("scale", "matrix"):
                labels = {int(x["value"]): services.label(x) for x in (q.get("scale") or {}).get("labels", [])}
                points = [{"value": str(v), "label": labels.get(v, "")} for v in engine.scale_values(q)]
                item["points"] = points
                if q["kind"] == "scale":
                    item["value"] = "" if value is None else str(value)
                else:
                    given = value if isinstance(value, dict) else {}
                    item["rows"] = [{"value": r["value"], "label": services.label(r),
                                     "chosen": "" if given.get(r["value"]) is None else str(given.get(r["value"])),
                                     "error": errors.get(f"{key}.{r['value']}")} for r in q.get("rows", [])]
            else:
                item["value"] = "" if value is None else value
                item["min"], item["max"] = q.get("min"), q.get("max")
                item["unit"] = services.label(q, "unit_") if q.get("unit_vi") else ""
            qs.append(item)
        out.append({"key": s["key"], "title": services.label(s, "title_"), "questions": qs})
    return out


def _context(recipient, answers, errors=None, **extra) -> dict:
    c = recipient.campaign
    definition = c.version.definition
    answered, shown = engine.progress(definition, answers)
    return {"recipient": recipient, "campaign": c, "questionnaire": c.version.questionnaire,
            "sections": form_sections(definition, answers, errors or {}),
            "progress": {"answered": answered, "shown": shown, "pct": round(100 * answered / shown) if shown else 0},
            "is_open": c.is_open(), **extra}


def answer(request, token):
    recipient = services.recipient_for(token)
    if recipient is None:
        raise Http404(_("This survey link is not valid."))
    if recipient.submitted_at is not None:
        return render(request, "surveys/public/done.html", {"recipient": recipient, "campaign": recipient.campaign},
                      status=409 if request.method == "POST" else 200)
    services.mark_opened(recipient)
    if request.method == "POST":
        raw = answers_from_post(recipient.campaign.version.definition, request.POST)
        try:
            if request.POST.get("action") == "submit":
                services.submit(recipient, raw)
                return redirect("surveys-thanks", token=token)
            result = services.save_draft(recipient, raw)
        except services.SurveyError as exc:
            errors = {p["field"]: p["message"] for p in exc.problems}
            status = exc.status
            if exc.code == "already_submitted":
                return render(request, "surveys/public/done.html", {"recipient": recipient, "campaign": recipient.campaign}, status=409)
            return render(request, "surveys/public/answer.html", _context(recipient, raw, errors, form_error=exc.message), status=status)
        errors = {p["field"]: p["message"] for p in result["problems"]}
        recipient.refresh_from_db()
        return render(request, "surveys/public/answer.html", _context(
            recipient, raw, errors, saved=True, form_error=_("Some answers were not kept: see the notes below.") if errors else ""))
    return render(request, "surveys/public/answer.html", _context(recipient, recipient.answers or {}))


def thanks(request, token):
    recipient = services.recipient_for(token)
    if recipient is None or recipient.submitted_at is None:
        raise Http404(_("This survey link is not valid."))
    return render(request, "surveys/public/done.html", {"recipient": recipient, "campaign": recipient.campaign, "thanks": True})


def open_link(request, public_token):
    campaign = Campaign.objects.select_related("version__questionnaire", "owner").filter(public_token=public_token, open_link=True).first()
    if campaign is None:
        raise Http404(_("This survey link is not valid."))
    error = ""
    if request.method == "POST":
        try:
            recipient = services.start_open(campaign, request.META.get("REMOTE_ADDR"))
        except services.SurveyError as exc:
            error = exc.message
            return render(request, "surveys/public/open.html", {"campaign": campaign, "error": error}, status=exc.status)
        return redirect("surveys-answer", token=recipient.token)
    return render(request, "surveys/public/open.html", {"campaign": campaign, "error": error})
