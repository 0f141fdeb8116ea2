import json

import pytest


@pytest.fixture
def make_layer(reference):
    """make_layer(key, kind="parcel", owner="DOC", schema=None, **extra) -> Layer."""
    from smartcity.core.models import Organisation
    from smartcity.gis.models import Layer

    def make(key, kind="parcel", owner="DOC", schema=None, **extra):
        extra.setdefault("title_vi", f"Lớp {key}")
        return Layer.objects.create(key=key, kind=kind, owner=Organisation.objects.get(code=owner), schema=schema or [], **extra)

    return make


@pytest.fixture
def add_feature():
    """add_feature(layer, fid, geometry: dict, **properties) -> Feature (bbox filled)."""
    from shapely.geometry import shape

    from smartcity.gis.models import Feature

    def add(layer, fid, geometry, **properties):
        minx, miny, maxx, maxy = shape(geometry).bounds
        return Feature.objects.create(layer=layer, fid=str(fid), geometry=json.dumps(geometry), minx=minx, miny=miny,
                                      maxx=maxx, maxy=maxy, properties=properties)

    return add
