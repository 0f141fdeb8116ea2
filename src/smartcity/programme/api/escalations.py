"""REST API of escalations to the Steering Committee (under /api/programme/).

    GET  escalations/?plan=CODE&status=open&unit=DOT     GET escalations/open/?plan=&as_of= (aging, oldest first)
    POST escalations/ {item, title, description, proposal, severity, report}
    POST escalations/{id}/review/ {review_text}          (the Smart City Office)
    POST escalations/{id}/decide/ {decision, action_owner, action_due, meeting}  (BCD editors or the Office)
    POST escalations/{id}/withdraw/                      (the raising unit, while not decided)
"""
from django.shortcuts import get_object_or_404
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.models import Organisation
from smartcity.programme.api.reports import SignedIn, as_of_from, plan_from, run
from smartcity.programme.models import Escalation, Item, Meeting, ProgressReport
from smartcity.programme.services import escalations as es


class EscalationSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    item_number = serializers.CharField(source="item.number", read_only=True)
    owner = serializers.CharField(source="owner.code", read_only=True)
    report = serializers.PrimaryKeyRelatedField(queryset=ProgressReport.objects.all(), required=False, allow_null=True)
    action_owner = serializers.CharField(source="action_owner.code", read_only=True, default=None)

    class Meta:
        model = Escalation
        fields = ["id", "item", "item_number", "owner", "report", "title", "description", "proposal", "severity", "status", "raised_at",
                  "office_review", "reviewed_at", "decision", "decided_at", "action_owner", "action_due", "meeting"]
        read_only_fields = ["status", "raised_at", "office_review", "reviewed_at", "decision", "decided_at", "action_due", "meeting"]


class EscalationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = EscalationSerializer
    permission_classes = [SignedIn]
    queryset = Escalation.objects.none()
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Escalation.objects.none()
        qs = Escalation.objects.select_related("item", "owner", "action_owner").order_by("raised_at")
        q = self.request.query_params
        if q.get("plan"):
            qs = qs.filter(item__plan__code=q["plan"])
        if q.get("status"):
            qs = qs.filter(status=q["status"])
        if q.get("unit"):
            qs = qs.filter(owner__code=q["unit"])
        return qs

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = run(es.raise_escalation, d["item"], self.request.user, d.get("title", ""), d.get("description", ""),
                                  d.get("proposal", ""), d.get("report"), d.get("severity", "normal"))

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        esc = self.get_object()
        run(es.office_review, esc, request.user, str(request.data.get("review_text") or ""))
        return Response(self.get_serializer(esc).data)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        esc = self.get_object()
        owner = None
        if request.data.get("action_owner"):
            owner = Organisation.objects.filter(code=request.data["action_owner"]).first()
            if owner is None:
                raise exceptions.ValidationError({"action_owner": [exceptions.ErrorDetail("Unknown organisation code.", code="invalid")]})
        due = None
        if request.data.get("action_due"):
            try:
                due = serializers.DateField().to_internal_value(request.data["action_due"])
            except serializers.ValidationError:
                raise exceptions.ValidationError({"action_due": [exceptions.ErrorDetail("Use YYYY-MM-DD.", code="invalid")]}) from None
        meeting = get_object_or_404(Meeting, pk=request.data["meeting"]) if request.data.get("meeting") else None
        run(es.decide, esc, request.user, str(request.data.get("decision") or ""), owner, due, meeting)
        return Response(self.get_serializer(esc).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        esc = self.get_object()
        run(es.withdraw, esc, request.user)
        return Response(self.get_serializer(esc).data)

    @action(detail=False, methods=["get"], url_path="open")
    def open_list(self, request):
        plan = plan_from(request)
        as_of = as_of_from(request, plan)
        rows = es.open_escalations(plan, as_of)
        return Response({"plan": plan.code, "as_of": as_of, "count": len(rows), "results": [
            dict(self.get_serializer(r["escalation"]).data, age_days=r["age_days"], stage=r["stage"], band=r["band"]) for r in rows]})


router_entries = [("escalations", EscalationViewSet, "api-prog-escalations")]
urlpatterns = []
