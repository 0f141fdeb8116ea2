"""Forms of the item pages: the owner's edit form, participants, timeline entries, tasks and
document uploads (type and size checked: PDF, Word, Excel, PNG, JPEG up to 20 MB)."""
import hashlib

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core.models import Organisation
from smartcity.core import files
from smartcity.programme.models import Attachment, DocumentKind, Item, ItemParticipant, ItemStatus, ParticipantRole, TimelineEntry

MAX_UPLOAD = files.MAX_BYTES
ALLOWED_UPLOADS = ("pdf", "docx", "xlsx", "png", "jpg", "jpeg")  # of files.TYPES
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemEditForm(forms.ModelForm):
    """What the lead unit changes: status, progress (leaves only: a parent's is rolled up),
    dates, weight, money and the English wording. The Vietnamese text stays as the plan wrote it."""

    class Meta:
        model = Item
        fields = ["status", "progress", "start_date", "end_date", "deadline", "weight", "budget_estimate", "actual_spend",
                  "title_en", "text_en"]
        widgets = {"start_date": _DATE, "end_date": _DATE, "deadline": _DATE,
                   "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"}),
                   "weight": forms.NumberInput(attrs={"min": 0, "step": "any"}),
                   "budget_estimate": forms.NumberInput(attrs={"min": 0, "step": 1}),
                   "actual_spend": forms.NumberInput(attrs={"min": 0, "step": 1}),
                   "text_en": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaf = self.instance.is_leaf()
        self.fields["status"].queryset = ItemStatus.objects.filter(plan_id=self.instance.plan_id)
        if not self.leaf:
            self.fields["progress"].disabled = True
            self.fields["progress"].help_text = gettext_lazy("Rolled up from the children's progress.")

    def clean_progress(self):
        value = self.cleaned_data.get("progress")
        if not self.leaf:
            return self.instance.progress
        if value is None or not 0 <= value <= 100:
            raise forms.ValidationError(_("Progress is a percentage from 0 to 100."), code="out_of_range")
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", forms.ValidationError(_("The end is before the start."), code="end_before_start"))
        for name in ("budget_estimate", "actual_spend"):
            if (data.get(name) or 0) < 0:
                self.add_error(name, forms.ValidationError(_("An amount cannot be negative."), code="negative"))
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = ItemParticipant
        fields = ["organisation", "role", "note"]

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["organisation"].queryset = Organisation.objects.order_by("helix", "kind", "code")
        self.fields["organisation"].label_from_instance = lambda o: f"{o.abbreviation or o.code} · {o.name} ({o.get_helix_display()})"
        self.fields["role"].choices = [(v, label) for v, label in ParticipantRole.choices if v != ParticipantRole.LEAD]

    def clean(self):
        data = super().clean()
        org = data.get("organisation")
        if org and self.item is not None:
            if org.pk == self.item.owner_id:
                raise forms.ValidationError(_("This organisation leads the item already."), code="is_lead")
            if ItemParticipant.objects.filter(item=self.item, organisation=org, role=data.get("role")).exists():
                raise forms.ValidationError(_("This organisation takes part in this role already."), code="duplicate")
        return data


class TimelineForm(forms.ModelForm):
    class Meta:
        model = TimelineEntry
        fields = ["date", "title_vi", "title_en", "description_vi", "description_en", "progress"]
        widgets = {"date": _DATE, "description_vi": forms.Textarea(attrs={"rows": 3}), "description_en": forms.Textarea(attrs={"rows": 3}),
                   "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"})}

    def clean_progress(self):
        value = self.cleaned_data.get("progress")
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("Progress is a percentage from 0 to 100."), code="out_of_range")
        return value


class TaskForm(forms.ModelForm):
    """A task a unit adds under its item (kind "task", same lead unit, numbered after its parent)."""

    class Meta:
        model = Item
        fields = ["title_vi", "title_en", "text_vi", "start_date", "end_date", "deadline", "weight", "budget_estimate"]
        widgets = {"start_date": _DATE, "end_date": _DATE, "deadline": _DATE, "text_vi": forms.Textarea(attrs={"rows": 3}),
                   "weight": forms.NumberInput(attrs={"min": 0, "step": "any"})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", forms.ValidationError(_("The end is before the start."), code="end_before_start"))
        return data


def next_task_number(parent: Item) -> str:
    taken = set(Item.objects.filter(plan_id=parent.plan_id).values_list("number", flat=True))
    n = parent.children.count() + 1
    while f"{parent.number}.{n}" in taken:
        n += 1
    return f"{parent.number}.{n}"


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "kind", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = True
        self.fields["file"].widget.attrs["accept"] = ",".join("." + e for e in ALLOWED_UPLOADS)
        self.fields["file"].help_text = gettext_lazy("PDF, Word (.docx), Excel (.xlsx), PNG or JPEG, at most 20 MB.")
        self.fields["kind"].initial = DocumentKind.OTHER

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if not f:
            raise forms.ValidationError(_("Choose a file."), code="required")
        f.seek(0)
        head = f.read(files.HEAD_BYTES)
        f.seek(0)
        content_type, code = files.sniff(f.name, head, f.size, MAX_UPLOAD, allowed=ALLOWED_UPLOADS)
        if code in ("type_not_allowed", "empty"):
            raise forms.ValidationError(_("This type of file is not accepted: only PDF, DOCX, XLSX, PNG and JPEG."), code="file_type")
        if code == "too_large":
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="file_size")
        if code:
            raise forms.ValidationError(_("The file's content does not match its extension."), code="file_content")
        digest = hashlib.sha256()
        f.seek(0)
        for chunk in f.chunks():
            digest.update(chunk)
        f.seek(0)
        self.sniffed = {"content_type": content_type, "size": f.size, "sha256": digest.hexdigest()}
        return f
