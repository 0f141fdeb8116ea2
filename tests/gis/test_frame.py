"""The GIS app's frame: a layer with features and their bounding boxes."""
import pytest

pytestmark = pytest.mark.django_db


def test_feature_keeps_its_bbox_and_history(make_layer, add_feature):
    layer = make_layer("thua-dat-phu-cuong", title_vi="Thửa đất phường Phú Cường")
    square = {"type": "Polygon", "coordinates": [[[106.65, 10.98], [106.651, 10.98], [106.651, 10.981], [106.65, 10.981], [106.65, 10.98]]]}
    f = add_feature(layer, "TDM-21-142", square, so_thua=142, so_to=21)
    assert (f.minx, f.miny, f.maxx, f.maxy) == (106.65, 10.98, 106.651, 10.981)
    f.properties["so_thua"] = 143
    f.save()
    assert f.history.count() == 2 and f.owner_id == layer.owner_id
