"""People trained per year, topic and provider: GET /api/research/training-stats/ (published courses)."""
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.research import services


class TrainingStatsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("topic", str), OpenApiParameter("owner", str, description="Provider code")],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        """Participants, completions and completion rate by year (of the course's end), topic and provider."""
        return Response(services.training_stats(request.user, topic=request.query_params.get("topic") or None,
                                                provider=request.query_params.get("owner") or None))


urlpatterns = [path("training-stats/", TrainingStatsView.as_view(), name="api-research-training-stats")]
