"""REST API of reporting (under /api/programme/): progress reports and unit plans.

    GET  reports/?plan=CODE&unit=DOT&status=submitted&item=II.4.1&period=2018-05
    POST reports/                     {item, period, progress, narrative, figures, difficulties, next_steps, spend}
    PATCH reports/{id}/               (a draft or returned report of the caller's unit)
    POST reports/{id}/submit/         POST reports/{id}/review/ {accept: bool, comment}
    GET  reports/expected/?plan=&as_of=&unit=      GET reports/overdue/?plan=&as_of=&unit=
    GET  unit-plans/?plan=            PATCH unit-plans/{id}/ {summary, lines: [...]} (lines replace)
    POST unit-plans/{id}/submit/      POST unit-plans/{id}/review/ {accept, comment}
    GET  unit-plans/states/?plan=&as_of=

Reads need a signed-in user; writes go through services/reports.py (lead unit's editors
write, the Smart City Office reviews): 403 for another unit's records, 400 with reasons.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.permissions import can_change
from smartcity.programme.models import Item, Plan, ProgressReport, ReviewStatus, UnitPlan, UnitPlanLine
from smartcity.programme.services import clock
from smartcity.programme.services import reports as rs


def django_errors(exc: DjangoValidationError, field=None):
    """A Django ValidationError from a service as DRF's 400 (each message with its code)."""
    items = exc.error_list if hasattr(exc, "error_list") else [exc]
    details = [exceptions.ErrorDetail(m, code=e.code or "invalid") for e in items for m in e.messages]
    return exceptions.ValidationError({field: details} if field else details)


def run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        raise django_errors(exc) from None


class SignedIn(permissions.IsAuthenticated):
    message = "Sign in to use the programme's reporting API."


def plan_from(request) -> Plan:
    code = request.query_params.get("plan")
    if code:
        return get_object_or_404(Plan, code=code)
    plan = Plan.objects.filter(code="kh-11-2018").first() or Plan.objects.order_by("-year", "-issued_on").first()
    if plan is None:
        raise exceptions.NotFound("No plan is loaded.")
    return plan


def as_of_from(request, plan):
    try:
        return clock.as_of(plan, clock.parse_as_of(request.query_params.get("as_of")))
    except ValueError:
        raise exceptions.ValidationError({"as_of": [exceptions.ErrorDetail("Use YYYY-MM-DD.", code="invalid")]}) from None


class FigureSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=120)
    value = serializers.FloatField()
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ReportSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    item_number = serializers.CharField(source="item.number", read_only=True)
    owner = serializers.CharField(source="owner.code", read_only=True)
    figures = FigureSerializer(many=True, required=False)
    progress = serializers.FloatField(min_value=0, max_value=100)
    spend = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "item", "item_number", "owner", "period", "period_start", "period_end", "due_date", "progress", "narrative",
                  "figures", "difficulties", "next_steps", "spend", "status", "submitted_at", "reviewed_at", "review_comment",
                  "attachments"]
        read_only_fields = ["period_start", "period_end", "due_date", "status", "submitted_at", "reviewed_at", "review_comment"]
        validators = []  # (item, period) uniqueness: save_report updates the existing draft instead

    def get_attachments(self, obj) -> list:
        from django.urls import reverse

        return [{"id": a.pk, "title": a.title, "size": a.size, "url": reverse("programme-reports-file", args=[a.pk])}
                for a in obj.attachments.all()]


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                    viewsets.GenericViewSet):
    """Progress reports of lead units on their items, one per period."""

    serializer_class = ReportSerializer
    permission_classes = [SignedIn]
    queryset = ProgressReport.objects.none()
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressReport.objects.none()
        qs = ProgressReport.objects.select_related("item", "owner").prefetch_related("attachments").order_by("item__position", "period")
        q = self.request.query_params
        if q.get("plan"):
            qs = qs.filter(item__plan__code=q["plan"])
        if q.get("unit"):
            qs = qs.filter(owner__code=q["unit"])
        if q.get("status"):
            qs = qs.filter(status=q["status"])
        if q.get("item"):
            qs = qs.filter(item__number=q["item"])
        if q.get("period"):
            qs = qs.filter(period=q["period"])
        return qs

    def _save(self, serializer, item, period):
        d = serializer.validated_data
        data = {k: d[k] for k in ("progress", "narrative", "difficulties", "next_steps", "spend") if k in d}
        if "figures" in d:
            data["figures"] = d["figures"]
        if "narrative" not in data:
            data["narrative"] = serializer.instance.narrative if serializer.instance else ""
        if "progress" not in data:
            data["progress"] = serializer.instance.progress if serializer.instance else None
        report = run(rs.save_report, item, self.request.user, period, **data)
        serializer.instance = report

    def perform_create(self, serializer):
        item = serializer.validated_data["item"]
        if not rs.can_report(self.request.user, item):
            raise exceptions.PermissionDenied("Only the lead unit reports on this item.")
        self._save(serializer, item, serializer.validated_data["period"])

    def perform_update(self, serializer):
        report = serializer.instance
        if not rs.can_report(self.request.user, report.item):
            raise exceptions.PermissionDenied("Only the lead unit changes this report.")
        for name in ("item", "period"):
            if name in serializer.validated_data and serializer.validated_data[name] != getattr(report, name):
                raise exceptions.ValidationError({name: [exceptions.ErrorDetail("A report's item and period do not change.", code="immutable")]})
        self._save(serializer, report.item, report.period)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        run(rs.submit_report, report, request.user)
        return Response(self.get_serializer(report).data)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        report = self.get_object()
        accept = request.data.get("accept")
        if not isinstance(accept, bool):
            raise exceptions.ValidationError({"accept": [exceptions.ErrorDetail("true to accept, false to return.", code="required")]})
        run(rs.review_report, report, request.user, accept, str(request.data.get("comment") or ""))
        return Response(self.get_serializer(report).data)

    @staticmethod
    def _expected_row(e):
        return {"item": e.item.pk, "item_number": e.item.number, "organisation": e.organisation.code, "period": e.period,
                "period_start": e.period_start, "period_end": e.period_end, "due_date": e.due_date, "state": e.state,
                "overdue": e.overdue, "days_overdue": e.days_overdue, "report": e.report.pk if e.report else None}

    def _expected(self, request, only_overdue):
        plan = plan_from(request)
        as_of = as_of_from(request, plan)
        rows = rs.overdue_reports(plan, as_of) if only_overdue else rs.expected_reports(plan, as_of)
        unit = request.query_params.get("unit")
        if unit:
            rows = [e for e in rows if e.organisation.code == unit]
        return Response({"plan": plan.code, "as_of": as_of, "count": len(rows), "results": [self._expected_row(e) for e in rows]})

    @action(detail=False, methods=["get"])
    def expected(self, request):
        return self._expected(request, False)

    @action(detail=False, methods=["get"])
    def overdue(self, request):
        return self._expected(request, True)


class LineSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    budget = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    class Meta:
        model = UnitPlanLine
        fields = ["id", "item", "activity", "start_date", "end_date", "budget", "funding_source"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if attrs.get("start_date") and attrs.get("end_date") and attrs["end_date"] < attrs["start_date"]:
            raise serializers.ValidationError({"end_date": [exceptions.ErrorDetail("The end is before the start.", code="end_before_start")]})
        return attrs


class UnitPlanSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.code", read_only=True)
    plan = serializers.CharField(source="plan.code", read_only=True)
    lines = LineSerializer(many=True, required=False)
    budget_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = UnitPlan
        fields = ["id", "plan", "owner", "due_date", "status", "summary", "lines", "budget_total", "submitted_at", "reviewed_at",
                  "review_comment"]
        read_only_fields = ["due_date", "status", "submitted_at", "reviewed_at", "review_comment"]

    def validate_lines(self, lines):
        up = self.instance
        if up is not None:
            allowed = {i.pk for i in rs.items_for_unit(up.plan, up.owner)}
            for i, line in enumerate(lines):
                if line["item"].pk not in allowed:
                    raise serializers.ValidationError(exceptions.ErrorDetail(
                        f"Line {i + 1}: item {line['item'].number} is not one the unit leads or supports.", code="item"))
        return lines

    def update(self, instance, validated_data):
        lines = validated_data.pop("lines", None)
        with transaction.atomic():
            if "summary" in validated_data:
                instance.summary = validated_data["summary"]
                instance.save()
            if lines is not None:
                instance.lines.all().delete()
                for line in lines:
                    UnitPlanLine.objects.create(unit_plan=instance, **line)
        return instance


class UnitPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Units' detailed plans and budget estimates (III.4)."""

    serializer_class = UnitPlanSerializer
    permission_classes = [SignedIn]
    queryset = UnitPlan.objects.none()
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UnitPlan.objects.none()
        qs = UnitPlan.objects.select_related("plan", "owner").prefetch_related("lines").order_by("owner__code")
        if self.request.query_params.get("plan"):
            qs = qs.filter(plan__code=self.request.query_params["plan"])
        return qs

    def perform_update(self, serializer):
        up = serializer.instance
        if not can_change(self.request.user, up):
            raise exceptions.PermissionDenied("Only the unit's editors change its plan.")
        if up.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
            raise exceptions.ValidationError([exceptions.ErrorDetail("This plan is submitted; it changes only if the Office returns it.",
                                                                     code="locked")])
        serializer.save()

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        up = self.get_object()
        run(rs.submit_unit_plan, up, request.user)
        return Response(self.get_serializer(up).data)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        up = self.get_object()
        accept = request.data.get("accept")
        if not isinstance(accept, bool):
            raise exceptions.ValidationError({"accept": [exceptions.ErrorDetail("true to accept, false to return.", code="required")]})
        run(rs.review_unit_plan, up, request.user, accept, str(request.data.get("comment") or ""))
        return Response(self.get_serializer(up).data)

    @action(detail=False, methods=["get"])
    def states(self, request):
        plan = plan_from(request)
        as_of = as_of_from(request, plan)
        rows = rs.unit_plan_states(plan, as_of)
        return Response({"plan": plan.code, "as_of": as_of, "results": [
            {"organisation": r["organisation"].code, "unit_plan": r["unit_plan"].pk if r["unit_plan"] else None, "state": r["state"],
             "due_date": r["due_date"], "overdue": r["overdue"], "days_overdue": r["days_overdue"], "budget_total": r["budget_total"]}
            for r in rows]})


router_entries = [("reports", ReportViewSet, "api-prog-reports"), ("unit-plans", UnitPlanViewSet, "api-prog-unit-plans")]
urlpatterns = []
