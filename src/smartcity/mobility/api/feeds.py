"""GTFS feed versions under /api/mobility/feeds/: read-only listing and detail (with the
routes and stops of a version as sub-lists), plus two writes: `POST upload/` (a GTFS zip
as multipart `file`, optional `name`, `owner` code, `activate`) and `POST <id>/activate/`
(`force` to activate despite ERROR notices). Writes are for editors of the owner
organisation (the platform rule); errors use the platform's shape.
"""
from pathlib import Path

from django.utils.translation import gettext as _g
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible, writable_owners
from smartcity.mobility.models import Feed, Route, Stop
from smartcity.mobility.services import feeds as feed_service


class FeedSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    activated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Feed
        fields = ["id", "name", "version", "owner", "status", "source_name", "sha256", "timezone", "start_date", "end_date",
                  "errors", "warnings", "infos", "validated_at", "activated_at", "activated_by", "forced", "files",
                  "created_at"]
        read_only_fields = fields


class RouteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Route
        fields = ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type", "route_color",
                  "route_text_color", "route_sort_order"]


class StopSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stop
        fields = ["stop_id", "stop_code", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station",
                  "wheelchair_boarding"]


class FeedViewSet(viewsets.ReadOnlyModelViewSet):
    """Versions of GTFS feeds (newest first within a name). Filter with `name`, `owner`
    (organisation code) and `status` (imported, active, archived)."""

    serializer_class = FeedSerializer
    queryset = Feed.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Feed.objects.none()
        qs = visible(Feed.objects.select_related("owner", "activated_by"), self.request.user)
        params = self.request.query_params
        if params.get("name"):
            qs = qs.filter(name=params["name"])
        if params.get("owner"):
            qs = qs.filter(owner__code=params["owner"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs.order_by("owner__code", "name", "-version")

    def _sub_list(self, qs, serializer_class):
        page = self.paginate_queryset(qs)
        data = serializer_class(page if page is not None else qs, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses=RouteSerializer(many=True))
    @action(detail=True, methods=["get"])
    def routes(self, request, pk=None):
        """The routes of this version."""
        feed = self.get_object()
        return self._sub_list(Route.objects.filter(feed=feed).order_by("route_sort_order", "route_short_name", "route_id"),
                              RouteSerializer)

    @extend_schema(responses=StopSerializer(many=True))
    @action(detail=True, methods=["get"])
    def stops(self, request, pk=None):
        """The stops of this version."""
        feed = self.get_object()
        return self._sub_list(Stop.objects.filter(feed=feed).order_by("stop_id"), StopSerializer)

    @extend_schema(request={"multipart/form-data": OpenApiTypes.OBJECT},
                   responses={201: FeedSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], parser_classes=[parsers.MultiPartParser, parsers.FormParser])
    def upload(self, request):
        """Store a GTFS zip as a new version (validated; activated too with `activate=true`
        when it has no ERROR notice)."""
        upload = request.FILES.get("file")
        if upload is None:
            return Response(problem(400, "bad_feed", _g("Send the GTFS zip as a 'file' form field."),
                                    [{"field": "file", "code": "required", "message": _g("This field is required.")}]), status=400)
        code = request.data.get("owner") or getattr(getattr(request.user, "organisation", None), "code", None)
        owner = Organisation.objects.filter(code=code).first() if code else None
        if owner is None:
            return Response(problem(400, "validation_error", _g("Name the owner organisation."),
                                    [{"field": "owner", "code": "required", "message": _g("Unknown or missing organisation code.")}]),
                            status=400)
        if not writable_owners(request.user).filter(pk=owner.pk).exists():
            raise exceptions.PermissionDenied(_g("You may not upload feeds for this organisation."))
        from smartcity.mobility.views_feeds import max_upload_bytes

        if upload.size > max_upload_bytes():
            return Response(problem(400, "too_large", _g("The file is larger than the limit of %(n)s bytes.") % {"n": max_upload_bytes()}),
                            status=400)
        try:
            feed = feed_service.import_feed(upload.read(), owner=owner, name=request.data.get("name") or Path(upload.name).stem,
                                            user=request.user, source_name=upload.name)
        except feed_service.ImportRefused as exc:
            return Response(problem(400, "bad_feed", str(exc), [{"field": "file", "code": "bad_feed", "message": p}
                                                               for p in exc.problems]), status=400)
        except feed_service.FeedError as exc:
            return Response(problem(400, "bad_feed", str(exc)), status=400)
        body = FeedSerializer(feed).data
        if str(request.data.get("activate", "")).lower() in ("1", "true", "yes", "on"):
            try:
                feed_service.activate(feed, user=request.user)
            except feed_service.FeedBlocked as exc:
                body["activation"] = problem(409, "activation_blocked", str(exc), errors_count=exc.errors)
            else:
                body = FeedSerializer(feed).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request={"application/json": OpenApiTypes.OBJECT},
                   responses={200: FeedSerializer, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """Make this the active version of its feed (`{"force": true}` despite ERROR notices);
        the version active before is archived."""
        feed = self.get_object()
        if not can_change(request.user, feed):
            raise exceptions.PermissionDenied(_g("You may not change feeds of this organisation."))
        force = str(request.data.get("force", "")).lower() in ("1", "true", "yes", "on")
        try:
            feed_service.activate(feed, user=request.user, force=force)
        except feed_service.FeedBlocked as exc:
            return Response(problem(409, "activation_blocked", str(exc), errors_count=exc.errors,
                                    warnings_count=exc.warnings), status=409)
        return Response(FeedSerializer(feed).data)


router_entries = [("feeds", FeedViewSet, "api-mob-feeds")]
urlpatterns = []
