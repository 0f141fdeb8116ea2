"""REST API of dossiers for staff (under /api/onestop/), personal data masked:

    GET  dossiers/?status=&procedure=CODE&unit=CODE&lateness=late|due_soon|on_time&due_within=N&channel=&start=&end=&q=
    GET  dossiers/{id}/                      header, lateness, hand-offs, consultations, actions this user may take
    POST dossiers/ {version, applicant{kind,name,id_number,phone,email,address}, subject, area}   counter intake
    POST dossiers/{id}/personal/ {purpose}   the full record in clear (logged)
    POST dossiers/{id}/{action}/             accept | transfer {to_unit, days, note} | consult {unit, question, days}
         | answer {consultation, answer} | supplement {items[], reason} | supplemented (multipart files)
         | reject {reason} | suspend {reason} | resume | apology {reason, new_due_at} | result {summary, files}
         | return {channel} | withdraw {reason}
    GET  dossiers/overdue/                   open dossiers past their appointment

Refusals by the rules are 400 with the service's code (e.g. "bad_transition"); a user of
another unit gets 403; nobody signed in gets nothing.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.onestop import permissions as perms
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.models import Consultation, Dossier, ProcedureVersion
from smartcity.onestop.services import intake, lifecycle, personal


class StaffOnly(permissions.IsAuthenticated):
    message = "Dossiers are for the staff of the one-stop units."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and perms.is_staff_user(request.user)


class HandoffSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    kind = serializers.CharField()
    from_unit = serializers.CharField(source="from_unit.code", default=None)
    to_unit = serializers.CharField(source="to_unit.code", default=None)
    at = serializers.DateTimeField()
    step_due_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    timeliness = serializers.CharField()
    note = serializers.CharField()


class DossierSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    owner = serializers.CharField(source="owner.code")
    current_unit = serializers.CharField(source="current_unit.code")
    lateness = serializers.SerializerMethodField()
    applicant = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = ["id", "code", "procedure", "procedure_version", "rule_set", "channel", "status", "owner", "current_unit", "subject",
                  "applicant", "submitted_at", "received_at", "due_at", "original_due_at", "result_at", "returned_at", "closed_at",
                  "lateness"]

    def get_lateness(self, obj) -> dict:
        late = lifecycle.lateness(obj, self.context.get("now"))
        return {"state": late["state"], "remaining_working_days": None if late["remaining_days"] is None else round(late["remaining_days"], 2)}

    def get_applicant(self, obj) -> dict:
        return personal.masked_record(obj)


class DossierDetailSerializer(DossierSerializer):
    handoffs = HandoffSerializer(many=True, read_only=True)
    consultations = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = DossierSerializer.Meta.fields + ["result_summary", "return_channel", "handoffs", "consultations", "actions"]

    def get_consultations(self, obj) -> list:
        return [{"id": c.pk, "unit": c.unit.code, "question": c.question, "sent_at": c.sent_at, "due_at": c.due_at,
                 "answered_at": c.answered_at, "answer": c.answer} for c in obj.consultations.select_related("unit").order_by("sent_at")]

    def get_actions(self, obj) -> list:
        request = self.context.get("request")
        return perms.available_actions(request.user, obj) if request else []


class ApplicantSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["citizen", "organisation"], default="citizen")
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IntakeSerializer(serializers.Serializer):
    version = serializers.PrimaryKeyRelatedField(queryset=ProcedureVersion.objects.all())
    applicant = ApplicantSerializer()
    subject = serializers.CharField(max_length=400)
    area = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.all(), required=False, allow_null=True)


def _bad(exc: OneStopError) -> Response:
    errors = [{"field": exc.field, "code": exc.code, "message": exc.message}] if exc.field else []
    return Response(problem(400, exc.code, exc.message, errors), status=status.HTTP_400_BAD_REQUEST)


def _org(code, field):
    org = Organisation.objects.filter(code=code or "").first()
    if org is None:
        raise OneStopError("unknown_unit", "Unknown organisation code.", field)
    return org


def _files(request):
    return [(None, f) for f in request.FILES.getlist("files")]


def _data_for(action_name, request, dossier) -> dict:
    """Turns a request body into the cleaned data `views_dossiers.run_action` expects."""
    from decimal import Decimal, InvalidOperation

    from django.utils.dateparse import parse_datetime

    data = request.data
    text = lambda k: str(data.get(k) or "")
    if action_name == "transfer":
        days = data.get("days")
        try:
            days = Decimal(str(days)) if days not in (None, "") else None
        except InvalidOperation:
            raise OneStopError("days_invalid", "Give working days as a number.", "days") from None
        return {"to_unit": _org(data.get("to_unit"), "to_unit"), "days": days, "note": text("note")}
    if action_name == "consult":
        return {"unit": _org(data.get("unit"), "unit"), "question": text("question"), "days": data.get("days") or 5}
    if action_name == "answer":
        return {"consultation": data.get("consultation") or 0, "answer": text("answer")}
    if action_name == "supplement":
        items = data.getlist("items") if hasattr(data, "getlist") else data.get("items")
        if isinstance(items, str):
            items = [line for line in items.splitlines()]
        return {"items": list(items or []), "reason": text("reason")}
    if action_name == "apology":
        new_due = parse_datetime(text("new_due_at"))
        if new_due is None or timezone.is_naive(new_due):
            raise OneStopError("new_due_required", "Give the new appointment as an ISO 8601 date-time with its offset.", "new_due_at")
        return {"reason": text("reason"), "new_due_at": new_due}
    if action_name == "result":
        return {"summary": text("summary")}
    if action_name == "return":
        return {"channel": text("channel") or "counter"}
    if action_name in ("reject", "suspend", "withdraw"):
        return {"reason": text("reason")}
    return {}


class DossierViewSet(viewsets.GenericViewSet):
    permission_classes = [StaffOnly]
    serializer_class = DossierSerializer
    queryset = Dossier.objects.none()
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dossier.objects.none()
        return perms.visible_dossiers(Dossier.objects.all(), self.request.user).select_related("procedure", "owner", "current_unit")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_object(self):
        dossier = get_object_or_404(Dossier.objects.select_related("procedure", "owner", "current_unit", "procedure_version"),
                                    pk=self.kwargs["pk"])
        if not perms.can_view(self.request.user, dossier):
            raise exceptions.PermissionDenied("This dossier is not handled by your unit.")
        return dossier

    def list(self, request):
        from smartcity.onestop.forms_dossiers import FilterForm
        from smartcity.onestop.views_dossiers import filter_dossiers

        form = FilterForm(request.query_params or None, units=Organisation.objects.all())
        if form.is_bound and not form.is_valid():
            raise exceptions.ValidationError(form.errors.get_json_data())
        data = form.cleaned_data if form.is_bound else {}
        qs = filter_dossiers(self.get_queryset(), data, timezone.now()).order_by("-received_at", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(DossierSerializer(page, many=True, context=self.get_serializer_context()).data)

    def retrieve(self, request, pk=None):
        return Response(DossierDetailSerializer(self.get_object(), context=self.get_serializer_context()).data)

    def create(self, request):
        s = IntakeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        version = s.validated_data["version"]
        if not perms.can_receive(request.user, version.receiving_unit):
            raise exceptions.PermissionDenied("Only editors of the receiving unit take dossiers in.")
        try:
            dossier = intake.receive_at_counter(version=version, applicant=dict(s.validated_data["applicant"]),
                                                subject=s.validated_data["subject"], user=request.user, area=s.validated_data.get("area"))
        except OneStopError as exc:
            return _bad(exc)
        return Response(DossierDetailSerializer(dossier, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"])
    def overdue(self, request):
        codes = set(self.get_queryset().values_list("code", flat=True)) if not perms.sees_all(request.user) else None
        rows = [r for r in lifecycle.overdue_rows() if codes is None or r["code"] in codes]
        return Response({"count": len(rows), "results": rows})

    @action(detail=True, methods=["post"])
    def personal(self, request, pk=None):
        dossier = self.get_object()
        return Response(personal.full_record(dossier, request.user, request=request, purpose=str(request.data.get("purpose") or "")))

    def _act(self, request, action_name):
        from smartcity.onestop.views_dossiers import run_action

        dossier = self.get_object()
        consultation = None
        if action_name == "answer":
            consultation = Consultation.objects.filter(pk=request.data.get("consultation") or 0, dossier=dossier).first()
            if consultation is None:
                return _bad(OneStopError("unknown_consultation", "No such consultation on this dossier.", "consultation"))
        if not perms.can_act(request.user, dossier, action_name, consultation=consultation):
            raise exceptions.PermissionDenied("Your unit may not take this action on this dossier.")
        try:
            cleaned = _data_for(action_name, request, dossier)
            run_action(dossier, action_name, request.user, cleaned, files=[f for _r, f in _files(request)])
        except OneStopError as exc:
            return _bad(exc)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        dossier.refresh_from_db()
        return Response(DossierDetailSerializer(dossier, context=self.get_serializer_context()).data)


def _make_action(name):
    def handler(self, request, pk=None):
        return self._act(request, name)

    handler.__name__ = f"action_{name}"
    handler.__doc__ = f"Lifecycle action '{name}' (see the module docstring for the body)."
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(handler)


for _name in ("accept", "transfer", "consult", "answer", "supplement", "supplemented", "reject", "suspend", "resume", "apology",
              "result", "return", "withdraw"):
    setattr(DossierViewSet, f"action_{_name}", _make_action(_name))

router_entries = [("dossiers", DossierViewSet, "api-onestop-dossiers")]
urlpatterns = []
