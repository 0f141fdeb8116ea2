"""Schedules and commands API under /api/lighting/.

- `programs/`, `calendars/` (with ordered `rules`): TALQ control programs and calendars,
  by code; the permission rule for writes.
- `timeline?group=<code>&date=YYYY-MM-DD` (or `lat`, `lon`, `calendar`): a night's switch-on,
  switch-off and dimming steps, exactly what a `schedule` command sends.
- `commands` (GET list, POST one command to a `luminaire` or a `group`) and
  `commands/<id>`: each command's state and its acknowledgement.
- `controller/commands?controller=<id>[,<id>...]` and `controller/acks`: the HTTP path of
  the controllers (or their gateway), authenticated with a hub device token
  (`Authorization: Bearer dv_...`) that covers the luminaires' assets.
"""
import datetime as dt
import json

from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from smartcity.core.api.errors import json_error
from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.hub.auth import principal_for_request
from smartcity.lighting import control, schedule, services
from smartcity.lighting.models import Calendar, CalendarRule, Command, CommandAction, ControlProgram, LightingGroup

_OWNER = dict(slug_field="code", queryset=Organisation.objects.all(), required=False, help_text=_("Organisation code; defaults to yours"))


class ProgramSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(**_OWNER)

    class Meta:
        model = ControlProgram
        fields = ["code", "name", "owner", "published", "description", "steps", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_steps(self, v):
        try:
            schedule.steps_from(v)
        except schedule.ScheduleError as exc:
            raise serializers.ValidationError(str(exc), code="bad_steps") from None
        return v


class RuleSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", queryset=ControlProgram.objects.all())

    class Meta:
        model = CalendarRule
        fields = ["position", "name", "program", "weekdays", "date_from", "date_to", "special"]

    def validate_weekdays(self, v):
        parts = [x for x in v.replace(" ", "").split(",") if x]
        if any(not x.isdigit() or int(x) > 6 for x in parts):
            raise serializers.ValidationError(_("Weekdays are 0 (Monday) to 6 (Sunday), comma-separated."), code="bad_weekdays")
        return ",".join(parts)


class CalendarSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(**_OWNER)
    default_program = serializers.SlugRelatedField(slug_field="code", queryset=ControlProgram.objects.all(), required=False,
                                                   allow_null=True)
    rules = RuleSerializer(many=True, required=False)
    groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Calendar
        fields = ["code", "name", "owner", "published", "switching", "on_offset_min", "off_offset_min", "on_time", "off_time",
                  "default_program", "rules", "groups", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        merged = {k: attrs.get(k, getattr(self.instance, k, None)) for k in
                  ("switching", "on_offset_min", "off_offset_min", "on_time", "off_time")}
        try:
            schedule.Switching(merged["switching"] or "astro", merged["on_offset_min"] or 0, merged["off_offset_min"] or 0,
                               merged["on_time"] or "18:00", merged["off_time"] or "06:00")
        except schedule.ScheduleError as exc:
            raise serializers.ValidationError({"switching": serializers.ErrorDetail(str(exc), code="bad_switching")}) from None
        return attrs

    def _rules(self, cal, rules):
        if rules is None:
            return
        cal.rules.all().delete()
        CalendarRule.objects.bulk_create([CalendarRule(calendar=cal, **{**r, "position": r.get("position", i)})
                                          for i, r in enumerate(rules)])

    def create(self, validated_data):
        rules = validated_data.pop("rules", None)
        with transaction.atomic():
            cal = super().create(validated_data)
            self._rules(cal, rules)
        return cal

    def update(self, instance, validated_data):
        rules = validated_data.pop("rules", None)
        with transaction.atomic():
            cal = super().update(instance, validated_data)
            self._rules(cal, rules)
        return cal


class _Owned(OwnedWriteMixin, viewsets.ModelViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_.\-]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ProgramViewSet(_Owned):
    """TALQ control programs: light level steps through the night."""

    serializer_class = ProgramSerializer
    queryset = ControlProgram.objects.none()

    def get_queryset(self):
        return visible(ControlProgram.objects.select_related("owner"), self.request.user).order_by("code")


class CalendarViewSet(_Owned):
    """TALQ calendars: switching (astronomical clock or fixed times) and ordered rules."""

    serializer_class = CalendarSerializer
    queryset = Calendar.objects.none()

    def get_queryset(self):
        return visible(Calendar.objects.select_related("owner", "default_program").prefetch_related("rules__program", "groups"),
                       self.request.user).order_by("code")


def _date_param(request):
    text = request.query_params.get("date")
    if not text:
        return services.tonight()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise exceptions.ValidationError({"date": [exceptions.ErrorDetail(_g("A date is YYYY-MM-DD."), code="bad_date")]}) from None


@extend_schema(parameters=[OpenApiParameter("group", str), OpenApiParameter("date", OpenApiTypes.DATE),
                           OpenApiParameter("calendar", str), OpenApiParameter("lat", float), OpenApiParameter("lon", float)],
               responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
def timeline(request):
    """A night's timeline for a group (`group=`), or for a position (`lat`, `lon`) under a `calendar`."""
    day = _date_param(request)
    code = request.query_params.get("group")
    if code:
        group = visible(LightingGroup.objects.select_related("calendar"), request.user).filter(code=code).first()
        if group is None:
            raise exceptions.NotFound(_g("No such lighting group."))
        tl = services.group_timeline(group, day)
    else:
        cal = visible(Calendar.objects.all(), request.user).filter(code=request.query_params.get("calendar", "")).first()
        if cal is None:
            raise exceptions.ValidationError({"calendar": [exceptions.ErrorDetail(_g("Name a group or a calendar."), code="required")]})
        try:
            lat, lon = float(request.query_params["lat"]), float(request.query_params["lon"])
        except (KeyError, ValueError):
            raise exceptions.ValidationError({"lat": [exceptions.ErrorDetail(_g("Give lat and lon in decimal degrees."),
                                                                             code="bad_coordinates")]}) from None
        tl = services.timeline(cal, day, lat, lon)
    if tl is None:
        raise exceptions.ValidationError({"group": [exceptions.ErrorDetail(_g("No calendar or program applies that night."),
                                                                           code="no_schedule")]})
    return Response(tl.as_dict())


class CommandSerializer(serializers.ModelSerializer):
    luminaire = serializers.SlugRelatedField(slug_field="code", read_only=True)
    group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Command
        fields = ["id", "batch", "owner", "luminaire", "group", "controller_id", "action", "level", "transport", "state",
                  "created_at", "sent_at", "acked_at", "expires_at", "ack", "error"]


class CommandRequest(serializers.Serializer):
    luminaire = serializers.CharField(required=False, help_text=_("Luminaire code"))
    group = serializers.CharField(required=False, help_text=_("Lighting group code"))
    action = serializers.ChoiceField(choices=CommandAction.choices)
    level = serializers.IntegerField(required=False, min_value=0, max_value=100)
    timeout_s = serializers.IntegerField(required=False, min_value=5, max_value=86400, default=control.DEFAULT_TIMEOUT_S)

    def validate(self, attrs):
        if bool(attrs.get("luminaire")) == bool(attrs.get("group")):
            raise serializers.ValidationError({"luminaire": serializers.ErrorDetail(_("Name a luminaire or a group."), code="required")})
        if attrs["action"] == CommandAction.DIM and attrs.get("level") is None:
            raise serializers.ValidationError({"level": serializers.ErrorDetail(_("A dimming command needs a level."), code="required")})
        return attrs


class CommandViewSet(viewsets.ReadOnlyModelViewSet):
    """Commands to controllers and their acknowledgements. POST `{"group": "...", "action":
    "dim", "level": 50}` (or `"luminaire"`) sends one per luminaire; 202 with the records.
    Filter with `group=`, `luminaire=`, `batch=`, `state=`."""

    serializer_class = CommandSerializer
    queryset = Command.objects.none()

    def get_queryset(self):
        control.expire()
        qs = Command.objects.select_related("owner", "luminaire", "group")
        user = self.request.user
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        from smartcity.core.permissions import is_coordinator

        if not is_coordinator(user):
            qs = qs.filter(owner_id=user.organisation_id)
        p = self.request.query_params
        for key, field in (("group", "group__code"), ("luminaire", "luminaire__code"), ("batch", "batch"), ("state", "state")):
            if p.get(key):
                qs = qs.filter(**{field: p[key]})
        return qs.order_by("-created_at")

    @extend_schema(request=CommandRequest, responses={202: OpenApiTypes.OBJECT})
    def create(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        req = CommandRequest(data=request.data)
        req.is_valid(raise_exception=True)
        d = req.validated_data
        group = None
        if d.get("group"):
            group = LightingGroup.objects.filter(code=d["group"]).first()
            if group is None:
                raise exceptions.NotFound(_g("No such lighting group."))
            lums = control.luminaires_for(group=group)
        else:
            lums = control.luminaires_for(codes=[d["luminaire"]])
            if not lums:
                raise exceptions.NotFound(_g("No such luminaire."))
        if any(not can_change(request.user, lum) for lum in lums) or (group and not can_change(request.user, group)):
            raise exceptions.PermissionDenied(_g("You may not command luminaires of another organisation."))
        try:
            cmds = control.issue(lums, d["action"], level=d.get("level"), user=request.user, group=group, timeout_s=d["timeout_s"])
        except control.CommandError as exc:
            raise exceptions.ValidationError({"action": [exceptions.ErrorDetail(str(exc), code=exc.code)]}) from None
        return Response({"batch": str(cmds[0].batch), "count": len(cmds), "transport": cmds[0].transport,
                         "commands": CommandSerializer(cmds, many=True).data}, status=202)


# -- the controllers' HTTP path (device tokens) ------------------------------------------------------
@csrf_exempt
def controller_commands(request):
    if request.method != "GET":
        return json_error(405, "method_not_allowed", "GET only")
    principal = principal_for_request(request)
    if principal is None:
        return json_error(401, "invalid_token", "send a valid device token: Authorization: Bearer <token>")
    ids = [c for c in request.GET.get("controller", "").split(",") if c]
    if not ids:
        return json_error(400, "validation_error", "name the controller(s)", [{"field": "controller", "code": "required",
                                                                              "message": "controller=<id>[,<id>...]"}])
    out = {}
    for cid in ids[:1000]:
        msgs = control.fetch_for_controller(cid, principal)
        if msgs:
            out[cid] = msgs
    from django.http import JsonResponse

    return JsonResponse({"commands": out})


@csrf_exempt
def controller_acks(request):
    if request.method != "POST":
        return json_error(405, "method_not_allowed", "POST only")
    principal = principal_for_request(request)
    if principal is None:
        return json_error(401, "invalid_token", "send a valid device token: Authorization: Bearer <token>")
    try:
        body = json.loads(request.body or b"[]")
    except ValueError:
        return json_error(400, "bad_body", "send JSON: [{\"controller\": ..., \"id\": ..., \"status\": \"ok\"}]")
    items = body if isinstance(body, list) else [body]
    errors, done = [], 0
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append({"index": i, "field": None, "code": "bad_row", "message": "each ack is an object"})
            continue
        try:
            control.record_ack(str(item.get("controller", "")), item, principal)
            done += 1
        except control.CommandError as exc:
            errors.append({"index": i, "field": "id", "code": exc.code, "message": str(exc)})
    from django.http import JsonResponse

    if errors and not done:
        return json_error(422, "all_rows_rejected", "no ack was accepted", errors)
    return JsonResponse({"accepted": done, "rejected": len(errors), "errors": errors}, status=207 if errors else 200)


urlpatterns = [
    path("timeline", timeline, name="api-lighting-timeline"),
    path("controller/commands", controller_commands, name="api-lighting-controller-commands"),
    path("controller/acks", controller_acks, name="api-lighting-controller-acks"),
]
router_entries = [
    ("programs", ProgramViewSet, "api-lighting-program"),
    ("calendars", CalendarViewSet, "api-lighting-calendar"),
    ("commands", CommandViewSet, "api-lighting-command"),
]
