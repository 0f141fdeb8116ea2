"""ICF API under /api/programme/icf/.

Reads: frameworks with factors and questions, applications with their progress, an
application's assignments and answers (authenticated), scores, the comparison, live KPIs.
Writes (authenticated): a department's answer to its assignment, evidence (multipart for a
file), the Office's review, scores and bulk assignment. Refusals carry
{"errors": [{"code", "message"}]}: 403 for another department's question or a non-Office
review, 400 with the reasons for invalid content."""
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.models import Organisation
from smartcity.programme.models import IcfApplication, IcfAssignment, IcfFactor, IcfFramework
from smartcity.programme.services import icf, kpis


def _errors(status_code, *errors):
    return Response({"errors": [{"code": c, "message": str(m)} for c, m in errors]}, status=status_code)


def _refusal(exc):
    if isinstance(exc, PermissionDenied):
        return _errors(status.HTTP_403_FORBIDDEN, ("forbidden", str(exc)))
    return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)


def _question(q):
    return {"id": q.pk, "number": q.number, "kind": q.kind, "title_vi": q.title_vi, "title_en": q.title_en,
            "choices": q.choices, "unit": q.unit, "kpi": q.kpi}


class FrameworkList(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="icf_frameworks_list", summary="ICF frameworks with factors and questions", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        out = []
        for fw in IcfFramework.objects.prefetch_related("factors__questions"):
            out.append({"key": fw.key, "name": fw.name, "first_year": fw.first_year, "last_year": fw.last_year, "source": fw.source,
                        "factors": [{"id": f.pk, "key": f.key, "dimension": f.dimension, "title_vi": f.title_vi, "title_en": f.title_en,
                                     "description_vi": f.description_vi, "description_en": f.description_en,
                                     "questions": [_question(q) for q in f.questions.all()]} for f in fw.factors.all()]})
        return Response(out)


def _application(app, user):
    data = {"year": app.year, "framework": app.framework.key, "stage": app.stage, "due_date": app.due_date,
            "submitted_on": app.submitted_on, "notes": app.notes,
            "url": reverse("programme-icf-application", args=[app.year])}
    if user.is_authenticated:
        p = icf.application_progress(app)
        data["progress"] = {"total": p["total"], "as_of": p["as_of"],
                            "factors": [{"factor": r["factor"].key, **{k: v for k, v in r.items() if k != "factor"}} for r in p["factors"]],
                            "overdue": [{"assignment": o["assignment"].pk, "question": o["assignment"].question.number,
                                         "organisation": o["assignment"].organisation.code, "days_overdue": o["days_overdue"]}
                                        for o in p["overdue"]]}
    return data


class ApplicationList(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="icf_applications_list", summary="ICF applications by year (progress when authenticated)", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([_application(a, request.user) for a in IcfApplication.objects.select_related("framework").order_by("year")])


class ApplicationDetail(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="icf_application_retrieve", summary="One year's ICF application", responses=OpenApiTypes.OBJECT)
    def get(self, request, year):
        return Response(_application(get_object_or_404(IcfApplication, year=year), request.user))


def _assignment(a, user):
    ans = icf.answer_of(a)
    return {"id": a.pk, "question": _question(a.question), "factor": a.question.factor.key, "dimension": a.question.factor.dimension,
            "organisation": a.organisation.code, "due_date": a.due_date, "can_answer": icf.can_answer(user, a),
            "answer": None if ans is None else {
                "value": ans.value, "number": ans.number, "narrative": ans.narrative, "status": ans.status,
                "submitted_at": ans.submitted_at, "reviewed_at": ans.reviewed_at, "review_comment": ans.review_comment,
                "evidence": [_evidence(e) for e in icf.evidence_rows(ans)]}}


def _evidence(e):
    out = {"id": e["id"], "kind": e["kind"], "title": e["title"]}
    if e["kind"] == "file":
        out["download"] = reverse("programme-icf-evidence", args=[e["id"]])
        out["file_name"] = e["file_name"]
    elif e["kind"] == "kpi":
        out.update({"kpi": e["kpi"], "value_when_attached": e["kpi_value"], "value_now": e["kpi_now"]})
    else:
        out["url"] = e["url"]
    return out


class AnswerList(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="icf_answers_list", summary="Assignments and answers of a year (?mine=1, ?organisation=CODE)", responses=OpenApiTypes.OBJECT)
    def get(self, request, year):
        app = get_object_or_404(IcfApplication, year=year)
        qs = app.assignments.select_related("question__factor", "organisation", "answer")
        org = request.GET.get("organisation")
        if org:
            qs = qs.filter(organisation__code=org)
        if request.GET.get("mine") in ("1", "true"):
            qs = qs.filter(organisation_id=request.user.organisation_id)
        return Response([_assignment(a, request.user) for a in qs])


class AnswerView(APIView):
    """GET the assignment and its answer; PUT/POST {value, number, narrative, submit}."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="icf_answer_retrieve", summary="An assignment and its answer", responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        return Response(_assignment(get_object_or_404(IcfAssignment, pk=pk), request.user))

    @extend_schema(operation_id="icf_answer_update", summary="Answer an assigned question {value, number, narrative, submit}", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def put(self, request, pk):
        a = get_object_or_404(IcfAssignment.objects.select_related("question", "organisation"), pk=pk)
        data = request.data
        try:
            icf.save_answer(a, request.user, value=data.get("value"), number=data.get("number"), narrative=data.get("narrative"),
                            submit=str(data.get("submit", "")).lower() in ("1", "true"))
        except (PermissionDenied, icf.IcfError) as exc:
            return _refusal(exc)
        a.refresh_from_db()
        return Response(_assignment(IcfAssignment.objects.get(pk=pk), request.user))

    @extend_schema(operation_id="icf_answer_create", summary="Same as PUT", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        return self.put(request, pk)


class ReviewView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="icf_answer_review", summary="The Office approves or returns an answer {approve, comment}", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        a = get_object_or_404(IcfAssignment, pk=pk)
        ans = icf.answer_of(a)
        if ans is None:
            return _errors(400, ("not_answered", "This question has no answer yet."))
        approve = request.data.get("approve")
        if not isinstance(approve, bool) and str(approve).lower() not in ("true", "false", "1", "0"):
            return _errors(400, ("approve_required", "Say approve: true or false."))
        approve = approve if isinstance(approve, bool) else str(approve).lower() in ("true", "1")
        try:
            icf.review_answer(ans, request.user, approve, request.data.get("comment", ""))
        except (PermissionDenied, icf.IcfError) as exc:
            return _refusal(exc)
        return Response(_assignment(IcfAssignment.objects.get(pk=pk), request.user))


class EvidenceView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="icf_evidence_create", summary="Attach evidence: file (multipart), link, dataset path or live KPI", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        a = get_object_or_404(IcfAssignment, pk=pk)
        try:
            ans = icf.answer_of(a) or icf.save_answer(a, request.user)
            ev = icf.add_evidence(ans, request.user, kind=request.data.get("kind", ""), title=request.data.get("title", ""),
                                  file=request.FILES.get("file"), url=request.data.get("url", ""), kpi=request.data.get("kpi", ""))
        except (PermissionDenied, icf.IcfError) as exc:
            return _refusal(exc)
        row = {"id": ev.pk, "kind": ev.kind, "title": ev.title, "url": ev.url, "kpi": ev.kpi, "kpi_value": ev.kpi_value,
               "kpi_now": kpis.value(ev.kpi) if ev.kpi else None, "file_name": PurePosixPath(ev.file.name).name if ev.file else ""}
        return Response(_evidence(row), status=201)


class AssignView(APIView):
    """POST {factor: key, organisation: code, due_date} (Office only), or {} for the defaults."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="icf_assign", summary="Assign questions: {} for the defaults, or {factor, organisation, due_date}", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, year):
        import datetime as dt

        app = get_object_or_404(IcfApplication, year=year)
        try:
            if not request.data.get("factor"):
                return Response(icf.assign_defaults(app, request.user))
            factor = app.framework.factors.filter(key=request.data["factor"]).first()
            org = Organisation.objects.filter(code=request.data.get("organisation", "")).first()
            errors = []
            if factor is None:
                errors.append(("factor_unknown", "No such factor in this application's framework."))
            if org is None:
                errors.append(("organisation_unknown", "No such organisation."))
            try:
                due = dt.date.fromisoformat(str(request.data.get("due_date", "")))
            except ValueError:
                errors.append(("due_date_invalid", "Give due_date as YYYY-MM-DD."))
            if errors:
                if not icf.can_review(request.user):
                    raise PermissionDenied("Only the Smart City Office may do this.")
                return _errors(400, *errors)
            return Response(icf.bulk_assign(app, factor, org, due, request.user))
        except (PermissionDenied, icf.IcfError) as exc:
            return _refusal(exc)


class ScoreView(APIView):
    """GET scores by year (all applications); POST {year, factor, score, source, comment} (Office)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(operation_id="icf_scores_list", summary="Factor scores of every year", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        out = []
        for app in IcfApplication.objects.order_by("year").prefetch_related("scores__factor"):
            for s in app.scores.all():
                out.append({"year": app.year, "factor": s.factor.key, "dimension": s.factor.dimension, "source": s.source,
                            "score": s.score, "comment": s.comment})
        return Response(out)

    @extend_schema(operation_id="icf_score_set", summary="Record a factor score {year, factor, score, source, comment}", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        app = IcfApplication.objects.filter(year=request.data.get("year") or 0).first()
        if app is None:
            return _errors(400, ("year_unknown", "No application for this year."))
        factor = IcfFactor.objects.filter(framework=app.framework, key=request.data.get("factor", "")).first()
        if factor is None:
            return _errors(400, ("factor_unknown", "No such factor in this application's framework."))
        try:
            s = icf.set_score(app, factor, request.data.get("score"), request.data.get("source", "icf"), request.user,
                              request.data.get("comment", ""))
        except (PermissionDenied, icf.IcfError) as exc:
            return _refusal(exc)
        return Response({"year": app.year, "factor": factor.key, "source": s.source, "score": s.score}, status=201)


class ComparisonView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="icf_comparison", summary="Scores by dimension and year and the 'better than 2017 on every dimension' check", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        years = [int(y) for y in request.GET.get("years", "").split(",") if y.strip().isdigit()] or None
        return Response(icf.comparison(years))


class KpiView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="icf_kpis", summary="Live platform KPIs and their current values", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(kpis.snapshot())


urlpatterns = [
    path("icf/frameworks/", FrameworkList.as_view(), name="api-prog-icf-frameworks"),
    path("icf/applications/", ApplicationList.as_view(), name="api-prog-icf-applications"),
    path("icf/applications/<int:year>/", ApplicationDetail.as_view(), name="api-prog-icf-application"),
    path("icf/applications/<int:year>/answers/", AnswerList.as_view(), name="api-prog-icf-answers"),
    path("icf/applications/<int:year>/assign/", AssignView.as_view(), name="api-prog-icf-assign"),
    path("icf/assignments/<int:pk>/answer/", AnswerView.as_view(), name="api-prog-icf-answer"),
    path("icf/assignments/<int:pk>/review/", ReviewView.as_view(), name="api-prog-icf-review"),
    path("icf/assignments/<int:pk>/evidence/", EvidenceView.as_view(), name="api-prog-icf-evidence"),
    path("icf/scores/", ScoreView.as_view(), name="api-prog-icf-scores"),
    path("icf/comparison/", ComparisonView.as_view(), name="api-prog-icf-comparison"),
    path("icf/kpis/", KpiView.as_view(), name="api-prog-icf-kpis"),
]
