"""REST API of the procedure catalogue (under /api/onestop/):

- `procedures/` (lookup: code): list with filters `q` (ignores case and diacritics),
  `field`, `unit` (competent unit code), `level`, `online`, `on` (YYYY-MM-DD: the version
  in force that day); detail with the version in force and every version's summary.
  `procedures/{code}/versions/`: GET the versions; POST makes a draft copy of the latest
  version with the changes in the body (`documents` replaces the list).
- `versions/{id}/`: GET one version (documents with template links); PATCH edits a draft;
  DELETE removes a draft; `versions/{id}/put-in-force/` POST `{"valid_from": "YYYY-MM-DD"}`.

Reads are open; writes need the competent unit's editors or the coordinator: 403 with a
problem body otherwise, 400 with `code` and `errors[].field` for invalid changes, and 400
`not_draft` for any attempt to change a version in force."""
import datetime as dt

from django.urls import reverse
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.models import OnlineLevel, Procedure, ProcedureLevel, ProcedureVersion, VersionStatus
from smartcity.onestop.services import catalogue as svc


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    copies = serializers.IntegerField()
    original = serializers.BooleanField()
    mandatory = serializers.BooleanField()
    template_name = serializers.CharField()
    template_url = serializers.SerializerMethodField()

    def get_template_url(self, obj) -> str | None:
        return reverse("onestop-catalogue-template", args=[obj.pk]) if obj.template else None


class VersionSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code", read_only=True)
    competent_unit = serializers.CharField(source="competent_unit.code", read_only=True)
    receiving_unit = serializers.CharField(source="receiving_unit.code", read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = ProcedureVersion
        fields = ["id", "procedure", "number", "status", "valid_from", "valid_to", "rule_set", "name_vi", "name_en", "competent_unit",
                  "receiving_unit", "legal_basis", "time_limit_days", "fees", "online_level", "steps", "result_vi", "result_en",
                  "conditions_vi", "documents", "created_by", "created_at"]
        read_only_fields = fields


class VersionSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProcedureVersion
        fields = ["id", "number", "status", "valid_from", "valid_to", "rule_set", "time_limit_days", "online_level", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse("api-onestop-versions-detail", args=[obj.pk])


class ProcedureRowSerializer(serializers.Serializer):
    """Shape of a catalogue row (documentation of the list; rows are built by _procedure_row)."""

    code = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    field = serializers.CharField()
    field_name = serializers.CharField()
    level = serializers.CharField()
    owner = serializers.CharField()
    in_force = serializers.JSONField(allow_null=True)
    url = serializers.CharField()


def _procedure_row(proc, version) -> dict:
    return {
        "code": proc.code, "name_vi": proc.name_vi, "name_en": proc.name_en, "field": proc.field.code, "field_name": proc.field.name_vi,
        "level": proc.level, "owner": proc.owner.code,
        "in_force": None if version is None else {
            "id": version.pk, "number": version.number, "rule_set": version.rule_set, "valid_from": version.valid_from.isoformat(),
            "time_limit_days": f"{version.time_limit_days:.1f}", "online_level": version.online_level,
            "receiving_unit": version.receiving_unit.code},
        "url": reverse("onestop-procedure", args=[proc.code]),
    }


def _bad(exc: OneStopError) -> Response:
    errors = [{"field": exc.field, "code": exc.code, "message": exc.message}] if exc.field else []
    return Response(problem(400, exc.code, exc.message, errors), status=400)


def _day(value, name):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OneStopError("invalid", "A date as YYYY-MM-DD.", name) from None


def _changes(request) -> dict:
    if not isinstance(request.data, dict):
        raise OneStopError("invalid", "Send a JSON object of changes.")
    return dict(request.data)


class ProcedureViewSet(viewsets.GenericViewSet):
    """Administrative procedures. Filters: `q`, `field`, `unit`, `level`, `online`, `on`."""

    serializer_class = ProcedureRowSerializer
    queryset = Procedure.objects.none()
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z._\-]+"

    def list(self, request):
        qp = request.query_params
        try:
            on = _day(qp.get("on"), "on")
            for name, allowed in (("level", ProcedureLevel.values), ("online", OnlineLevel.values)):
                if qp.get(name) and qp[name] not in allowed:
                    raise OneStopError("invalid_choice", f"{name} is one of {', '.join(allowed)}.", name)
        except OneStopError as exc:
            return _bad(exc)
        rows = svc.search(svc.procedures_for(request.user), q=qp.get("q", ""), field=qp.get("field", ""), unit=qp.get("unit", ""),
                          level=qp.get("level", ""), online=qp.get("online", ""), on=on)
        return Response({"count": len(rows), "results": [_procedure_row(p, v) for p, v in rows]})

    def _get(self, request, code):
        proc = svc.procedures_for(request.user).filter(code=code).first()
        if proc is None:
            from django.http import Http404

            raise Http404
        return proc

    def retrieve(self, request, code=None):
        proc = self._get(request, code)
        try:
            on = _day(request.query_params.get("on"), "on")
            version = svc.version_in_force(proc, on)
        except OneStopError as exc:
            if exc.code != "no_version_in_force":
                return _bad(exc)
            version = None
        body = _procedure_row(proc, version)
        body["version_in_force"] = VersionSerializer(version).data if version else None
        versions = proc.versions.all().order_by("-number")
        if not svc.can_edit(request.user, proc):
            versions = versions.exclude(status=VersionStatus.DRAFT)
        body["versions"] = VersionSummarySerializer(versions, many=True).data
        body["editable"] = svc.can_edit(request.user, proc)
        return Response(body)

    @action(detail=True, methods=["get", "post"], url_path="versions")
    def versions(self, request, code=None):
        proc = self._get(request, code)
        if request.method == "GET":
            qs = proc.versions.select_related("competent_unit", "receiving_unit", "created_by").prefetch_related("documents").order_by("-number")
            if not svc.can_edit(request.user, proc):
                qs = qs.exclude(status=VersionStatus.DRAFT)
            return Response(VersionSerializer(qs, many=True).data)
        try:
            draft = svc.new_version(proc, request.user, **_changes(request))
        except OneStopError as exc:
            return _bad(exc)
        return Response(VersionSerializer(draft).data, status=status.HTTP_201_CREATED)


class VersionViewSet(viewsets.GenericViewSet):
    """Procedure versions: read any published one; edit, delete or put in force a draft."""

    serializer_class = VersionSerializer
    queryset = ProcedureVersion.objects.none()
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def _get(self, request, pk):
        version = ProcedureVersion.objects.select_related("procedure", "competent_unit", "receiving_unit").filter(pk=pk).first()
        if version is None or not svc.procedures_for(request.user).filter(pk=version.procedure_id).exists() or (
                version.status == VersionStatus.DRAFT and not svc.can_edit(request.user, version.procedure)):
            from django.http import Http404

            raise Http404
        return version

    def retrieve(self, request, pk=None):
        return Response(VersionSerializer(self._get(request, pk)).data)

    def partial_update(self, request, pk=None):
        version = self._get(request, pk)
        try:
            version = svc.update_draft(version, request.user, **_changes(request))
        except OneStopError as exc:
            return _bad(exc)
        return Response(VersionSerializer(version).data)

    def destroy(self, request, pk=None):
        version = self._get(request, pk)
        try:
            svc.delete_draft(version, request.user)
        except OneStopError as exc:
            return _bad(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], url_path="put-in-force")
    def put_in_force(self, request, pk=None):
        version = self._get(request, pk)
        try:
            valid_from = _day((request.data or {}).get("valid_from"), "valid_from")
            version = svc.put_in_force(version, request.user, valid_from)
        except OneStopError as exc:
            return _bad(exc)
        return Response(VersionSerializer(version).data)


router_entries = [
    ("procedures", ProcedureViewSet, "api-onestop-procedures"),
    ("versions", VersionViewSet, "api-onestop-versions"),
]
urlpatterns = []
