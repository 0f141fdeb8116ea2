"""The bbox query shared by the GIS parts: overlap on the stored bbox, ordered by id, paged."""
import pytest

from smartcity.gis.spatial import bbox_q, count_in_bbox, features_in_bbox

pytestmark = pytest.mark.django_db


def _square(x, y, d=0.001):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


@pytest.fixture
def parcels(make_layer, add_feature):
    layer = make_layer("thua-dat-phu-cuong", title_vi="Thửa đất phường Phú Cường")
    # a 5 x 4 grid of 0.001° parcels from (106.650, 10.980) in Phú Cường, Thủ Dầu Một
    for i in range(5):
        for j in range(4):
            add_feature(layer, f"TDM-{j}-{i}", _square(106.650 + i * 0.002, 10.980 + j * 0.002), so_to=j, so_thua=i)
    other = make_layer("thua-dat-di-an", title_vi="Thửa đất Dĩ An")
    add_feature(other, "DA-1-1", _square(106.650, 10.980))  # same place, other layer: never returned
    return layer


def test_overlap_on_bbox_ordered_by_id(parcels):
    got = list(features_in_bbox(parcels, 106.6505, 10.9805, 106.6525, 10.9815))
    assert [f.fid for f in got] == ["TDM-0-0", "TDM-0-1"]
    assert [f.id for f in got] == sorted(f.id for f in got)
    # a window touching a parcel's edge counts; a window in a gap between parcels finds nothing
    assert [f.fid for f in features_in_bbox(parcels, 106.651, 10.981, 106.6515, 10.9815)] == ["TDM-0-0"]
    assert count_in_bbox(parcels, 106.6512, 10.9812, 106.6518, 10.9818) == 0
    # corners given in any order, and the layer by id
    assert count_in_bbox(parcels.pk, 106.6525, 10.9815, 106.6505, 10.9805) == 2


def test_limit_offset_and_count(parcels):
    everything = (106.6, 10.9, 106.7, 11.0)
    assert count_in_bbox(parcels, *everything) == 20
    ids = [f.id for f in features_in_bbox(parcels, *everything)]
    assert len(ids) == 20 and ids == sorted(ids)
    page2 = list(features_in_bbox(parcels, *everything, limit=5, offset=5))
    assert [f.id for f in page2] == ids[5:10]
    assert [f.id for f in features_in_bbox(parcels, *everything, offset=18)] == ids[18:]
    assert list(features_in_bbox(parcels, *everything, limit=5, offset=20)) == []


def test_queryset_narrows_and_q_combines(parcels):
    from smartcity.gis.models import Feature

    first_row = Feature.objects.filter(properties__so_to=0)
    assert count_in_bbox(parcels, 106.6, 10.9, 106.7, 11.0, queryset=first_row) == 5
    assert Feature.objects.filter(bbox_q(106.6505, 10.9805, 106.6525, 10.9815)).count() == 3  # both layers


def test_rtree_on_sqlite_kept_in_sync(parcels):
    from django.db import connection

    from smartcity.gis.models import Feature
    from smartcity.gis.spatial import has_gist, has_rtree

    assert has_rtree() == (connection.vendor == "sqlite")
    assert has_gist() == (connection.vendor == "postgresql")
    f = Feature.objects.get(layer=parcels, fid="TDM-0-0")
    f.minx, f.maxx = 106.7000, 106.7010  # moved east to Hòa Phú: the old window no longer finds it
    f.save()
    assert [g.fid for g in features_in_bbox(parcels, 106.6505, 10.9805, 106.6525, 10.9815)] == ["TDM-0-1"]
    assert [g.fid for g in features_in_bbox(parcels, 106.7001, 10.9805, 106.7002, 10.9806)] == ["TDM-0-0"]
    Feature.objects.filter(fid="TDM-0-1").delete()
    assert count_in_bbox(parcels, 106.6505, 10.9805, 106.6525, 10.9815) == 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM gis_feature_rtree")
            assert cur.fetchone()[0] == Feature.objects.count()
