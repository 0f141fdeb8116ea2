"""Consultation API under /api/participation/consultations/.

Public:
    GET  /consultations/                         published consultations with results
    GET  /consultations/<slug>/                  one: questions, results, published comments, answer
    POST /consultations/<slug>/verify/           {email} or {phone} (exactly one; the code goes by
                                                 e-mail or SMS) -> 202 {verification, channel}; then
         /verifications/<token>/ {code} confirms it and the token becomes the voter's key
    POST /consultations/<slug>/votes/            {token, question, choice: agree|disagree}; 409 already_voted
    POST /consultations/<slug>/comments/         {token, text, question?, author?} -> pending moderation
Staff of the owner (DIC) or the coordinator:
    POST /comments/<id>/moderate/                {state: published|hidden, reason}
    POST /consultations/<slug>/answer/           {text}
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.onestop.services.lookup import client_ip
from smartcity.participation import services
from smartcity.participation.api.reports import error_response, limited
from smartcity.participation.models import Comment, CommentState, Consultation


class CommentSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question.number", default=None)

    class Meta:
        model = Comment
        fields = ["id", "question", "author", "text", "created_at"]


class ConsultationSerializer(serializers.ModelSerializer):
    results = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    open = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = ["slug", "title", "summary", "document", "opens_at", "closes_at", "open", "official_answer", "answered_at",
                  "results", "comments"]

    def get_results(self, obj) -> list[dict]:
        return services.results(obj)

    def get_comments(self, obj) -> list[dict]:
        return CommentSerializer(obj.comments.filter(state=CommentState.PUBLISHED).select_related("question"), many=True).data

    def get_open(self, obj) -> bool:
        return obj.is_open()


def _published(slug):
    return get_object_or_404(Consultation, slug=slug, published=True)


@extend_schema_view(get=extend_schema(operation_id="participation_consultation_list_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_consultation_list_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class ConsultationList(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response(ConsultationSerializer(Consultation.objects.filter(published=True), many=True).data)


@extend_schema_view(get=extend_schema(operation_id="participation_consultation_detail_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_consultation_detail_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class ConsultationDetail(APIView):
    permission_classes = [AllowAny]

    def get(self, request, slug):
        return Response(ConsultationSerializer(_published(slug)).data)


def _guard(fn):
    try:
        return fn()
    except services.RateLimited as exc:
        return limited(exc)
    except services.ParticipationError as exc:
        return error_response(exc)
    except PermissionDenied:
        return Response(problem(403, "permission_denied", "Only the owner department moderates and answers."), status=403)


@extend_schema_view(get=extend_schema(operation_id="participation_verify_email_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_verify_email_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class VerifyEmail(APIView):
    permission_classes = [AllowAny]

    def post(self, request, slug):
        c = _published(slug)

        def run():
            ver, _code = services.request_code(c, str(request.data.get("email", "") or ""),
                                               phone=str(request.data.get("phone", "") or ""), ip=client_ip(request))
            return Response({"verification": ver.token, "channel": ver.channel}, status=status.HTTP_202_ACCEPTED)
        return _guard(run)


@extend_schema_view(get=extend_schema(operation_id="participation_vote_view_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_vote_view_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class VoteView(APIView):
    permission_classes = [AllowAny]

    def post(self, request, slug):
        c, d = _published(slug), request.data

        def run():
            services.vote(c, d.get("token", ""), d.get("question"), d.get("choice", ""), ip=client_ip(request))
            return Response({"results": services.results(c)}, status=status.HTTP_201_CREATED)
        return _guard(run)


@extend_schema_view(get=extend_schema(operation_id="participation_comment_view_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_comment_view_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class CommentView(APIView):
    permission_classes = [AllowAny]

    def post(self, request, slug):
        c, d = _published(slug), request.data

        def run():
            cm = services.comment(c, d.get("token", ""), d.get("text", ""), question_id=d.get("question"),
                                  author=d.get("author", ""), ip=client_ip(request))
            return Response({"id": cm.pk, "state": cm.state}, status=status.HTTP_201_CREATED)
        return _guard(run)


@extend_schema_view(get=extend_schema(operation_id="participation_moderate_view_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_moderate_view_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class ModerateView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, pk):
        cm = get_object_or_404(Comment, pk=pk)

        def run():
            services.moderate(cm, request.data.get("state", ""), by=request.user, reason=request.data.get("reason", ""))
            return Response({"id": cm.pk, "state": cm.state})
        return _guard(run)


@extend_schema_view(get=extend_schema(operation_id="participation_answer_view_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_answer_view_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class AnswerView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, slug):
        c = get_object_or_404(Consultation, slug=slug)

        def run():
            services.answer(c, request.data.get("text", ""), by=request.user)
            return Response(ConsultationSerializer(c).data)
        return _guard(run)


urlpatterns = [
    path("consultations/", ConsultationList.as_view(), name="api-participation-consultations"),
    path("consultations/<slug:slug>/", ConsultationDetail.as_view(), name="api-participation-consultation"),
    path("consultations/<slug:slug>/verify/", VerifyEmail.as_view(), name="api-participation-consultation-verify"),
    path("consultations/<slug:slug>/votes/", VoteView.as_view(), name="api-participation-votes"),
    path("consultations/<slug:slug>/comments/", CommentView.as_view(), name="api-participation-comments"),
    path("consultations/<slug:slug>/answer/", AnswerView.as_view(), name="api-participation-answer"),
    path("comments/<int:pk>/moderate/", ModerateView.as_view(), name="api-participation-moderate"),
]
