"""The download endpoint, where downloads are counted (a full 200 answer to a GET; not
HEAD, not a 304 revalidation, not page views), and the map preview, which is not."""
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_http_methods

from smartcity.opendata import services
from smartcity.opendata.access import guarded
from smartcity.opendata.links import absolute
from smartcity.opendata.models import Resource

PREVIEW_MAX_BYTES = 5 * 1024 * 1024


def _resource(uuid) -> Resource:
    r = Resource.objects.select_related("dataset").filter(uuid=uuid, dataset__published=True).first()
    if r is None:
        raise Http404
    return r


@require_http_methods(["GET", "HEAD"])
@guarded()
def download(request, uuid, filename=""):
    r = _resource(uuid)
    if not r.generator:
        if request.method == "GET":
            services.count_download(r)
        return HttpResponseRedirect(absolute(request.build_absolute_uri("/").rstrip("/"), r.url))
    try:
        path, tag = services.generated_file(r)
    except services.NotGenerated:
        raise Http404 from None
    etag = f'"{tag}"'
    if etag in [t.strip() for t in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    if request.method == "GET":
        services.count_download(r)
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=r.filename or path.name, content_type=r.media_type)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_http_methods(["GET"])
@guarded()
def preview_geojson(request, uuid):
    r = _resource(uuid)
    if r.format != "GeoJSON" or not r.generator:
        raise Http404
    try:
        path, tag = services.generated_file(r)
    except services.NotGenerated:
        raise Http404 from None
    if path.stat().st_size > PREVIEW_MAX_BYTES:
        return HttpResponse('{"type":"FeatureCollection","features":[]}', content_type="application/geo+json", status=200)
    response = FileResponse(open(path, "rb"), content_type="application/geo+json")
    response["ETag"] = f'"{tag}"'
    return response
