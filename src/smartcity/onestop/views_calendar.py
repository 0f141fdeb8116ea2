"""The working-day calendar under /onestop/lich-lam-viec/: a year at a glance (12 month grids,
days off and make-up days colour-coded), the year's exceptions and their history, the
working rules, and a form to check a deadline.

Everybody may read it. Changing it (exceptions, rules, confirmation, reseeding) is for the
Department of Home Affairs' editors and the Smart City Office (`services.calendar.can_edit`);
every change is kept in the history tables."""
import calendar as pycal
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.models import Organisation
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.forms_calendar import KIND_COLOURS, ConfirmForm, DayForm, DeadlineForm, RulesForm, default_received
from smartcity.onestop.models import CalendarDay, CalendarYear, DayKind, Procedure, WorkingRules
from smartcity.onestop.services import calendar as svc
from smartcity.onestop.workdays import LOCAL

MIN_YEAR, MAX_YEAR = 1990, 2100


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    year = int(raw) if raw.isdigit() else dt.datetime.now(LOCAL).year
    return min(max(year, MIN_YEAR), MAX_YEAR)


def _months(year: int, days: dict, today: dt.date) -> list[dict]:
    """Twelve month grids (weeks Monday first) with the class and title of every cell."""
    cal = svc.calendar_for(None)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                entry = days.get(day)
                classes = []
                if entry:
                    classes.append(f"k-{entry['kind']}")
                elif day.weekday() >= 5:
                    classes.append("k-weekend")
                if not cal.is_working_day(day):
                    classes.append("off")
                if day == today:
                    classes.append("today")
                cells.append({"day": day, "classes": " ".join(classes), "title": entry["name"] if entry else ""})
            weeks.append(cells)
        months.append({"number": month, "name": _month_name(month), "weeks": weeks})
    return months


def _month_name(month: int) -> str:
    return _("Month %(n)s") % {"n": month}


def _deadline(request):
    """The 'check a deadline' form, answered in place (GET, so a result can be linked)."""
    if "received" not in request.GET:
        return DeadlineForm(initial={"received": default_received(), "days": 5}), None
    form = DeadlineForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    unit, version = data.get("unit"), None
    try:
        if data.get("procedure"):
            due, version = svc.due_for_procedure(data["received"], data["procedure"], data.get("days"))
            unit = version.receiving_unit
            days = version.time_limit_days if data.get("days") is None else data["days"]
        else:
            days = data["days"]
            due = svc.due_at(data["received"], days, unit=unit)
    except OneStopError as exc:
        form.add_error("procedure" if exc.field == "procedure" else None, _("Unknown procedure code.")
                       if exc.code == "unknown_procedure" else _("This procedure has no version in force on that day."))
        return form, None
    info = svc.explain(data["received"], days, unit=unit)
    rules = svc.rules_for(unit)
    return form, {"due": due.astimezone(LOCAL), "days": days, "unit": unit, "version": version, "info": info,
                  "counted_days": len(info["counted"]), "rules": rules}


def calendar_year(request):
    year = _year(request)
    stored = CalendarYear.objects.filter(year=year).first()
    entries = svc.year_days(year)
    kinds = dict(DayKind.choices)
    for e in entries:
        e["name"] = e["name_en"] if (request.LANGUAGE_CODE or "vi").startswith("en") and e["name_en"] else e["name_vi"]
        e["kind_label"] = kinds.get(e["kind"], e["kind"])
    today = dt.datetime.now(LOCAL).date()
    deadline_form, result = _deadline(request)
    editable = svc.can_edit(request.user)
    rules = list(WorkingRules.objects.select_related("unit").order_by("unit__code"))
    return render(request, "onestop/calendar/year.html", {
        "year": year, "prev_year": year - 1 if year > MIN_YEAR else None, "next_year": year + 1 if year < MAX_YEAR else None,
        "stored": stored, "entries": entries, "months": _months(year, {e["date"]: e for e in entries}, today),
        "legend": [(k, kinds[k], KIND_COLOURS[k]) for k in KIND_COLOURS], "colours": KIND_COLOURS,
        "working_days": svc.working_days_in_year(year), "editable": editable,
        "province_rules": svc.rules_for(None), "unit_rules": [r for r in rules if r.unit_id],
        "deadline_form": deadline_form, "result": result,
        "procedures": Procedure.objects.order_by("code").values_list("code", "name_vi")[:300],
        "confirm_form": ConfirmForm(initial={"confirmed": bool(stored and stored.confirmed), "note": stored.note if stored else ""}),
        "history": svc.history(year) if request.user.is_authenticated else None,
    })


def _back(year: int) -> str:
    return f"{reverse('onestop-calendar')}?year={year}"


@login_required
def day_edit(request, pk=None):
    svc.require_edit(request.user)
    row = get_object_or_404(CalendarDay, pk=pk) if pk else None
    if request.method == "POST":
        form = DayForm(request.POST, instance=row)
        if form.is_valid():
            d = form.cleaned_data
            try:
                saved = svc.put_day(request.user, date=d["date"], kind=d["kind"], name_vi=d["name_vi"], name_en=d["name_en"],
                                    legal_basis=d["legal_basis"], instance=CalendarDay.objects.get(pk=pk) if pk else None)
            except OneStopError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, _error_text(exc))
            else:
                messages.success(request, _("The calendar was saved: %(d)s.") % {"d": saved.date.strftime("%d/%m/%Y")})
                return redirect(_back(saved.date.year))
        status = 400
    else:
        initial = {}
        if not row and request.GET.get("date"):
            try:
                initial["date"] = dt.date.fromisoformat(request.GET["date"])
            except ValueError:
                pass
        form = DayForm(instance=row, initial=initial)
        status = 200
    year = row.date.year if row else (form.initial.get("date") or dt.datetime.now(LOCAL).date()).year
    return render(request, "onestop/calendar/day_form.html", {"form": form, "row": row, "year": year}, status=status)


def _error_text(exc: OneStopError) -> str:
    return {
        "inconsistent": _("Only a make-up day is a working day; the other kinds are days off."),
        "makeup_on_weekday": _("A make-up working day falls on a Saturday or Sunday."),
        "date_taken": _("This date already has an entry; edit that one."),
        "invalid_date": _("The date must lie between 1900 and 2150."),
        "required": _("The Vietnamese name is required."),
        "invalid_hours": _("Office hours must be in order: the morning starts before it ends, "
                           "and the afternoon starts after the morning and before it ends."),
    }.get(exc.code, exc.message)


@login_required
def day_delete(request, pk):
    svc.require_edit(request.user)
    row = get_object_or_404(CalendarDay, pk=pk)
    if request.method == "POST":
        year = row.date.year
        svc.delete_day(request.user, row)
        messages.success(request, _("The entry was removed: %(d)s is an ordinary day again.") % {"d": row.date.strftime("%d/%m/%Y")})
        return redirect(_back(year))
    return render(request, "onestop/calendar/day_delete.html", {"row": row, "year": row.date.year})


@login_required
@require_POST
def year_confirm(request, year):
    svc.require_edit(request.user)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        svc.set_confirmed(request.user, year, form.cleaned_data["confirmed"], form.cleaned_data["note"])
        messages.success(request, _("Year %(y)s: confirmation saved.") % {"y": year})
    return redirect(_back(year))


@login_required
@require_POST
def year_seed(request, year):
    """Reseed a year from the rules (staff rows and staff deletions are kept)."""
    svc.require_edit(request.user)
    if MIN_YEAR <= year <= MAX_YEAR:
        svc.seed_year(year)
        messages.success(request, _("Year %(y)s was computed again from the Labor Code rules; staff entries were kept.") % {"y": year})
    return redirect(_back(year))


@login_required
def rules_edit(request):
    svc.require_edit(request.user)
    code = request.POST.get("unit_code") or request.GET.get("unit") or ""
    unit = get_object_or_404(Organisation, code=code) if code else None
    row = WorkingRules.objects.filter(unit=unit).first()
    if request.method == "POST":
        if request.POST.get("reset") and unit is not None:
            if row is not None:
                row._history_user = request.user
                row.delete()
            messages.success(request, _("%(u)s now follows the province's working rules.") % {"u": unit.name})
            return redirect("onestop-calendar")
        form = RulesForm(request.POST, instance=row or WorkingRules(unit=unit))
        if form.is_valid():
            rules = form.save(commit=False)
            rules.unit = form.cleaned_data.get("unit")
            existing = WorkingRules.objects.filter(unit=rules.unit).exclude(pk=rules.pk).first()
            if existing is not None:  # the unit chosen in the form already has rules: change those
                for f in RulesForm.Meta.fields:
                    setattr(existing, f, getattr(rules, f))
                rules = existing
            try:
                svc.save_rules(request.user, rules)
            except OneStopError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("The working rules were saved."))
                return redirect("onestop-calendar")
        status = 400
    else:
        base = row or svc.rules_for(unit)
        form = RulesForm(instance=row, initial={"unit": unit} if row else {
            "unit": unit, **{f: getattr(base, f) for f in RulesForm.Meta.fields}})
        status = 200
    return render(request, "onestop/calendar/rules_form.html", {"form": form, "unit": unit, "row": row}, status=status)
