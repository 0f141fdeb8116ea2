"""Staff pages to move a plan's items in and out of spreadsheets: download as CSV or Excel,
upload a changed file (checked first, all-or-nothing, optional dry run) and read the report
of bad cells. Login required; an upload changes only what the user's unit leads (the Smart
City Office: everything)."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core.permissions import visible, writable_owners
from smartcity.programme.models import Plan
from smartcity.programme.services import items_io

MAX_UPLOAD = 5 * 1024 * 1024
FORMATS = {"csv": ("text/csv; charset=utf-8", items_io.export_csv),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", items_io.export_xlsx)}
DEFAULT_PLAN = "kh-11-2018"


def _plans(user):
    return visible(Plan.objects.all(), user).order_by("-year", "code")


def _plan(user, code):
    plans = _plans(user)
    plan = plans.filter(code=code).first() if code else (plans.filter(code=DEFAULT_PLAN).first() or plans.first())
    if plan is None:
        raise Http404(_("No such plan."))
    return plan


@login_required
def items_export(request):
    plan = _plan(request.user, request.GET.get("plan"))
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponse(_("format must be csv or xlsx"), status=400, content_type="text/plain; charset=utf-8")
    content_type, build = FORMATS[fmt]
    response = HttpResponse(build(plan), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-items.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ImportForm(forms.Form):
    plan = forms.ChoiceField(label=gettext_lazy("Plan"))
    file = forms.FileField(label=gettext_lazy("CSV or Excel file"),
                           help_text=gettext_lazy("The columns of the export; rows are matched on their number."))
    dry_run = forms.BooleanField(label=gettext_lazy("Check only (dry run): write nothing"), required=False)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.code, f"{p.number} · {p.title}") for p in plans]

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Unsupported file type: use .csv or .xlsx"))
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD // (1024 * 1024)})
        return f


@login_required
def items_import(request):
    plans = list(_plans(request.user))
    may_import = writable_owners(request.user).exists()
    report, file_error, status = None, "", 200
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied(_("You may not change programme items."))
        form = ImportForm(request.POST, request.FILES, plans=plans)
        if form.is_valid():
            plan = _plan(request.user, form.cleaned_data["plan"])
            upload = form.cleaned_data["file"]
            try:
                rows = items_io.read_rows(upload.read(), upload.name)
            except items_io.FileError as exc:
                file_error, status = str(exc), 400
            else:
                report = items_io.import_items(plan, rows, user=request.user, dry_run=form.cleaned_data["dry_run"])
                status = 200 if report.ok else 400
        else:
            status = 400
    else:
        initial = {"plan": DEFAULT_PLAN if any(p.code == DEFAULT_PLAN for p in plans) else (plans[0].code if plans else "")}
        form = ImportForm(plans=plans, initial=initial)
    return render(request, "programme/io/items.html", {
        "form": form, "plans": plans, "report": report, "file_error": file_error, "may_import": may_import,
        "columns": items_io.COLUMNS,
    }, status=status)
