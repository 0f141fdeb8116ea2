"""Staff pages of station files and FTP accounts, under /environment/manage/files/ and
/environment/manage/ftp-accounts/.

Who sees what: a member of an organisation sees the files of its stations and of its FTP
accounts; coordinators (the Smart City Office) see all, including quarantined files of
unknown stations. Accounts are changed only through the platform rule (`can_change`, via
OwnerRequiredMixin); every change is kept in the account's history. A password is set by
staff or generated, and a generated one is shown once: only its hash is stored.
"""
import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from smartcity.core.permissions import OwnerRequiredMixin, can_change, is_coordinator, require_change, writable_owners
from smartcity.environment.models import FileOutcome, FtpAccount, Station, StationFile

PAGE = 50


def _files_for(user):
    qs = StationFile.objects.select_related("station__asset", "account")
    if is_coordinator(user):
        return qs
    org = user.organisation_id
    if not org:
        return qs.none()
    return qs.filter(Q(station__owner_id=org) | Q(account__owner_id=org))


def _accounts_for(user):
    qs = FtpAccount.objects.select_related("owner").prefetch_related("stations")
    if is_coordinator(user):
        return qs
    return qs.filter(owner_id=user.organisation_id) if user.organisation_id else qs.none()


@login_required
def file_list(request, quarantine=False):
    qs = _files_for(request.user)
    outcome = "quarantined" if quarantine else request.GET.get("outcome", "")
    if outcome in FileOutcome.values:
        qs = qs.filter(outcome=outcome)
    station = request.GET.get("station", "").strip()
    if station:
        qs = qs.filter(Q(station_code__iexact=station) | Q(station__code__iexact=station))
    page = Paginator(qs.order_by("-received_at", "-pk"), PAGE).get_page(request.GET.get("page"))
    stations = Station.objects.filter(pk__in=_files_for(request.user).exclude(station=None).values("station")).order_by("code")
    return render(request, "environment/files.html", {
        "page": page, "outcomes": FileOutcome.choices, "outcome": outcome, "station": station, "stations": stations,
        "quarantine": quarantine,
    })


def _kept_file(record: StationFile) -> Path | None:
    """The raw file if it is kept under DATA_DIR/environment (archive or quarantine)."""
    if not record.archive_path:
        return None
    root = (Path(settings.DATA_DIR) / "environment").resolve()
    path = Path(record.archive_path).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


@login_required
def file_detail(request, pk):
    record = get_object_or_404(_files_for(request.user), pk=pk)
    return render(request, "environment/files_detail.html", {"f": record, "kept": _kept_file(record) is not None})


@login_required
def file_raw(request, pk):
    record = get_object_or_404(_files_for(request.user), pk=pk)
    path = _kept_file(record)
    if path is None:
        raise Http404(_("The raw file is not kept."))
    return FileResponse(open(path, "rb"), as_attachment=True, filename=record.name, content_type="text/plain; charset=utf-8")


# -- FTP accounts ---------------------------------------------------------------------------------
class AccountForm(forms.ModelForm):
    password = forms.CharField(label=gettext_lazy("Password"), required=False, strip=False, min_length=12,
                               widget=forms.PasswordInput(render_value=False),
                               help_text=gettext_lazy("Leave empty to generate one; it is shown once."))

    class Meta:
        model = FtpAccount
        fields = ["username", "owner", "stations", "active"]
        widgets = {"stations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        owners = writable_owners(user)
        self.fields["owner"].queryset = owners
        self.fields["stations"].queryset = Station.objects.filter(owner__in=owners).select_related("asset").order_by("code")
        if owners.count() == 1:
            self.fields["owner"].initial = owners.first()

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if not name or not all(c.isalnum() or c in "-_." for c in name) or name.startswith("."):
            raise forms.ValidationError(_("Use letters, digits, '-', '_' or '.' only."))
        return name

    def clean(self):
        data = super().clean()
        owner, stations = data.get("owner"), data.get("stations") or []
        if owner is not None and any(s.owner_id != owner.pk for s in stations):
            raise forms.ValidationError(_("An account may only deliver files of stations of its own organisation."))
        return data


def new_password() -> str:
    return secrets.token_urlsafe(15)


@login_required
def account_list(request):
    accounts = [(a, can_change(request.user, a)) for a in _accounts_for(request.user).order_by("username")]
    return render(request, "environment/ftp_accounts.html", {
        "accounts": accounts, "may_create": writable_owners(request.user).exists(),
        "shown": request.session.pop("env_ftp_password", None),
    })


@login_required
def account_create(request):
    if not writable_owners(request.user).exists():
        raise PermissionDenied(_("You may not create FTP accounts."))
    form = AccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account = form.save(commit=False)
        require_change(request.user, account.owner)
        password = form.cleaned_data["password"] or new_password()
        account.set_password(password)
        account._change_reason = "created"
        account.save()
        form.save_m2m()
        _show_once(request, account, password, generated=not form.cleaned_data["password"])
        return redirect("env-ftp-accounts")
    return render(request, "environment/ftp_account_form.html", {"form": form, "account": None})


def _show_once(request, account, password, generated):
    if generated:
        request.session["env_ftp_password"] = {"username": account.username, "password": password}
    messages.success(request, _("FTP account %(name)s saved.") % {"name": account.username})


class AccountView(LoginRequiredMixin, OwnerRequiredMixin, DetailView):
    """Edit, reset the password, deactivate: GET shows the form, POST acts (permission rule first)."""

    model = FtpAccount
    slug_field = slug_url_kwarg = "username"
    template_name = "environment/ftp_account_form.html"

    def get_queryset(self):
        return _accounts_for(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or AccountForm(instance=self.object, user=self.request.user)
        ctx["account"] = self.object
        ctx["history"] = self.object.history.select_related("history_user").order_by("-history_date")[:20]
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = account = self.get_object()  # raises PermissionDenied unless can_change
        action = request.POST.get("action", "save")
        if action == "reset":
            password = request.POST.get("password", "")
            if password and len(password) < 12:
                messages.error(request, _("A password needs at least 12 characters."))
                return redirect("env-ftp-account", username=account.username)
            raw = password or new_password()
            account.set_password(raw)
            account._change_reason = "password reset"
            account.save()
            _show_once(request, account, raw, generated=not password)
            return redirect("env-ftp-accounts")
        if action in ("deactivate", "activate"):
            account.active = action == "activate"
            account._change_reason = action
            account.save()
            messages.success(request, (_("FTP account %(name)s activated.") if account.active else
                                       _("FTP account %(name)s deactivated.")) % {"name": account.username})
            return redirect("env-ftp-accounts")
        form = AccountForm(request.POST, instance=account, user=request.user)
        if form.is_valid():
            updated = form.save(commit=False)
            require_change(request.user, updated.owner)
            if form.cleaned_data["password"]:
                updated.set_password(form.cleaned_data["password"])
            updated._change_reason = "edited"
            updated.save()
            form.save_m2m()
            messages.success(request, _("FTP account %(name)s saved.") % {"name": updated.username})
            return redirect("env-ftp-accounts")
        return self.render_to_response(self.get_context_data(form=form))


def account_url(account) -> str:
    return reverse("env-ftp-account", kwargs={"username": account.username})
