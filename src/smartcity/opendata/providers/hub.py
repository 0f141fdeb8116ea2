"""City data hub: the list of published assets of each type (street lights, cabinets,
smart bins, public toilets, reservoirs, Wi-Fi hotspots, stations...), with name, location,
address and owner; vehicles are left out (their position is live data, not an inventory).
Readings are not in these files: the hub's read API and NGSI-LD serve them."""
from django.db.models import Count, Max

from smartcity.opendata.providers import DatasetSpec, Field, ResourceSpec, geojson_stream, point_features, stamp, table

EXCLUDED = {"bus"}
MOVING = ("vehicle", "truck", "bus")
FIELDS = [Field("id"), Field("name"), Field("name_en"), Field("type"), Field("latitude", "numeric"), Field("longitude", "numeric"),
          Field("address"), Field("ward"), Field("owner")]
THEMES = (("station", "ENVI"), ("bin", "ENVI"), ("reservoir", "ENVI"), ("water", "ENVI"), ("light", "ENER"), ("lamp", "ENER"),
          ("lumin", "ENER"), ("cabinet", "ENER"), ("pole", "ENER"), ("circuit", "ENER"), ("toilet", "SOCI"), ("wifi", "TECH"),
          ("stop", "TRAN"), ("camera", "JUST"))


def _assets(type_code: str):
    from smartcity.hub.models import Asset

    return Asset.objects.filter(published=True, asset_type_id=type_code)


def _rows(type_code: str):
    def rows():
        for a in _assets(type_code).select_related("owner", "admin_unit").order_by("slug").iterator(chunk_size=2000):
            yield {"id": a.slug, "name": a.name, "name_en": a.name_en, "type": type_code, "latitude": a.latitude,
                   "longitude": a.longitude, "address": a.address, "ward": a.admin_unit.name_vi if a.admin_unit_id else "",
                   "owner": a.owner.code}
    return rows


def theme_of(type_code: str) -> str:
    return next((theme for word, theme in THEMES if word in type_code), "REGI")


def datasets():
    from smartcity.core.models import Organisation
    from smartcity.hub.models import Asset, AssetType

    counts = {}
    for type_code, owner_id, n in (Asset.objects.filter(published=True).order_by().values_list("asset_type_id", "owner_id")
                                   .annotate(n=Count("id"))):
        counts.setdefault(type_code, []).append((n, owner_id))
    types = {t.code: t for t in AssetType.objects.filter(code__in=counts)}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in={o for v in counts.values() for _, o in v})}
    specs = []
    for code in sorted(counts):
        if code in EXCLUDED or any(word in code for word in MOVING) or code not in types:
            continue
        t = types[code]
        total = sum(n for n, _ in counts[code])
        publisher = orgs[max(counts[code])[1]]
        rows = _rows(code)

        def version(code=code):
            agg = _assets(code).aggregate(n=Count("id"), u=Max("updated_at"))
            return stamp(agg["n"], agg["u"])

        specs.append(DatasetSpec(
            key=f"hub:{code}", slug=f"tai-san-{code}"[:100], publisher=publisher.code, theme=theme_of(code),
            title_vi=f"Danh sách {t.name_vi.lower()}", title_en=f"{t.name_en} inventory",
            description_vi=f"{total} {t.name_vi.lower()} đã công bố trên nền tảng dữ liệu đô thị: mã, tên, vị trí (WGS84), "
                           "địa chỉ, phường/xã và đơn vị quản lý. Số liệu đo trực tuyến có trong API của nền tảng (NGSI-LD).",
            description_en=f"{total} published {t.name_en.lower()} assets of the city data hub: id, name, location (WGS84), "
                           "address, ward and managing organisation. Live readings are in the hub API (NGSI-LD).",
            keywords=[t.name_vi.lower(), t.name_en.lower(), "hạ tầng đô thị", "urban infrastructure"], frequency="WEEKLY",
            version=version, modified=lambda code=code: _assets(code).aggregate(m=Max("updated_at"))["m"],
            landing_page="hub-map", contact_name=publisher.name_vi,
            resources=[table("csv", f"Danh sách {t.name_vi.lower()} (CSV)", f"{t.name_en} list (CSV)", FIELDS, rows, f"{code}.csv"),
                       ResourceSpec(key="geojson", title_vi="Vị trí (GeoJSON)", title_en="Locations (GeoJSON)", format="GeoJSON",
                                    filename=f"{code}.geojson", write=lambda rows=rows: geojson_stream(lambda: point_features(rows())))],
        ))
    return specs
