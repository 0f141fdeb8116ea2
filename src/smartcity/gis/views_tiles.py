"""GeoJSON tiles of a layer: `GET /gis/tiles/<key>/<z>/<x>/<y>.geojson` (name `gis-tile`).

The features whose bbox meets the tile (grown by a few pixels, so strokes and lines
crossing the edge draw) from `spatial.features_in_bbox` (R*Tree on SQLite, GiST on
PostgreSQL), their geometry generalised for the zoom by `tiles.generalise_many`, written
with orjson (the generalised geometries are embedded as already-serialised fragments).
Whole features, not clipped: a feature on several tiles comes with each and the client
(`static/gis/tiles.js`) draws it once by id.

- `hidden`: below the layer's `style["minzoom"]` the tile is empty (the layer is too dense
  to draw that far out); the client draws nothing.
- At most MAX_FEATURES per tile; `truncated` says some were left out.
- A layer the user may not read is a 404 (as if it did not exist).
- `ETag` from the layer's `updated_at` (moved by every write through `refresh_layer`),
  its feature count and z/x/y: the same tile is a `304` on `If-None-Match`.
  `Cache-Control`: public, max-age for a published layer; private for an unpublished one.
"""
import hashlib

import orjson
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from smartcity.core.api.errors import json_error
from smartcity.core.permissions import can_read
from smartcity.gis import spatial, tiles
from smartcity.gis.models import Layer

MAX_FEATURES = 3000
BUFFER_PX = 4
MAX_AGE = 60  # seconds a browser or proxy may reuse a public tile before revalidating (edits show within a minute)
CONTENT_TYPE = "application/geo+json"
_VERSION = "1"  # bump when the generalisation changes, so cached tiles are not reused


def _minzoom(layer) -> int:
    try:
        return int((layer.style or {}).get("minzoom") or 0)
    except (TypeError, ValueError):
        return 0


def etag(layer, z: int, x: int, y: int, simplify: bool = True) -> str:
    stamp = layer.updated_at.isoformat() if layer.updated_at else ""
    raw = f"{_VERSION}|{layer.pk}|{stamp}|{getattr(layer, 'version', '')}|{layer.feature_count}|{z}/{x}/{y}|{int(simplify)}"
    return '"' + hashlib.sha1(raw.encode()).hexdigest()[:24] + '"'


def _matches(header: str, tag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    return any(part.strip().removeprefix("W/") == tag for part in header.split(","))


def tile_body(layer, z: int, x: int, y: int, *, simplify: bool = True, limit: int = MAX_FEATURES) -> bytes:
    """The tile's GeoJSON FeatureCollection as bytes (used by the view and the benchmark;
    `simplify=False` gives the ungeneralised, full-precision tile)."""
    head = {"type": "FeatureCollection", "layer": layer.key, "zoom": z}
    if z < _minzoom(layer):
        return orjson.dumps({**head, "hidden": True, "truncated": False, "features": []})
    window = tiles.buffered_bounds(z, x, y, BUFFER_PX)
    rows = list(spatial.features_in_bbox(layer, *window, limit=limit + 1).values_list("fid", "geometry", "properties"))
    truncated = len(rows) > limit
    rows = rows[:limit]
    _, south, _, north = tiles.tile_bounds(z, x, y)
    # the tile's latitude farthest from the equator: the smallest pixel in latitude there
    gen = tiles.generalise_many([r[1] for r in rows], z, lat=max(abs(south), abs(north)), window=window if simplify else None,
                                simplify=simplify)
    features = [{"type": "Feature", "id": fid, "geometry": orjson.Fragment(geometry), "properties": props}
                for (fid, _, props), geometry in zip(rows, gen.geometries) if geometry is not None]
    return orjson.dumps({**head, "hidden": False, "truncated": truncated, "dropped": gen.dropped, "features": features})


@require_safe
def tile(request, key, z, x, y):
    try:
        tiles.check_tile(z, x, y)
    except tiles.TileError as err:
        return json_error(400, "invalid_tile", str(err), [{"field": "z/x/y", "code": "invalid", "message": str(err)}])
    layer = Layer.objects.filter(key=key).first()
    if layer is None or not can_read(request.user, layer):
        return json_error(404, "not_found", f"No layer '{key}'.")
    tag = etag(layer, z, x, y)
    cache = f"public, max-age={MAX_AGE}" if layer.published else "private, no-cache"
    if _matches(request.headers.get("If-None-Match", ""), tag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(tile_body(layer, z, x, y, limit=MAX_FEATURES), content_type=CONTENT_TYPE)
    response["ETag"] = tag
    response["Cache-Control"] = cache
    if not layer.published:
        patch_vary_headers(response, ["Cookie"])
    return response
