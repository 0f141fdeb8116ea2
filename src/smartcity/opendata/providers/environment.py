"""Environment (DONRE): the monitoring stations and their hourly air quality indices
(VN_AQI of Decision 1459/QĐ-TCMT and US EPA AQI), the published stations only."""
import datetime as dt

from django.db.models import Count, Max, Min

from smartcity.opendata.providers import DatasetSpec, Field, ResourceSpec, geojson_stream, point_features, stamp, table

LOCAL = dt.timezone(dt.timedelta(hours=7))
AQI_DAYS = 30  # the hourly file holds the last 30 days; older values stay in the OpenAQ API

STATION_FIELDS = [Field("code"), Field("name"), Field("name_en"), Field("kind"), Field("latitude", "numeric"),
                  Field("longitude", "numeric"), Field("address"), Field("industrial_park"), Field("river"),
                  Field("operator"), Field("commissioned", "date")]
AQI_FIELDS = [Field("station_code"), Field("station_name"), Field("period_end", "timestamp"), Field("index"),
              Field("value", "int"), Field("band"), Field("dominant")]


def _stations():
    from smartcity.environment.models import Station

    return Station.objects.filter(published=True, asset__published=True).select_related("asset", "owner")


def station_rows():
    for s in _stations().order_by("code"):
        a = s.asset
        yield {"code": s.code, "name": a.name, "name_en": a.name_en, "kind": s.kind, "latitude": a.latitude,
               "longitude": a.longitude, "address": a.address, "industrial_park": s.industrial_park, "river": s.river,
               "operator": s.facility or s.owner.name_vi, "commissioned": s.commissioned}


def _aqi_qs():
    from smartcity.environment.models import IndexValue

    since = int((dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=AQI_DAYS)).timestamp())
    return IndexValue.objects.filter(kind__in=("vn_aqi_h", "us_aqi_h"), t__gte=since, station__in=_stations())


def aqi_rows():
    names = {s.pk: (s.code, s.asset.name) for s in _stations()}
    for station_id, kind, t, value, band, dominant in _aqi_qs().order_by("station__code", "t", "kind").values_list(
            "station_id", "kind", "t", "value", "band", "dominant").iterator(chunk_size=2000):
        code, name = names[station_id]
        yield {"station_code": code, "station_name": name,
               "period_end": dt.datetime.fromtimestamp(t, LOCAL).isoformat(), "index": "VN_AQI" if kind == "vn_aqi_h" else "US_AQI",
               "value": value, "band": band, "dominant": dominant}


def _stations_version():
    agg = _stations().aggregate(n=Count("id"), s=Max("updated_at"), a=Max("asset__updated_at"))
    return stamp(agg["n"], agg["s"], agg["a"])


def _aqi_version():
    agg = _aqi_qs().aggregate(n=Count("id"), c=Max("computed_at"), t=Max("t"))
    return stamp(agg["n"], agg["c"], agg["t"])


def _aqi_temporal():
    agg = _aqi_qs().aggregate(a=Min("t"), b=Max("t"))
    if agg["a"] is None:
        return None, None
    return dt.datetime.fromtimestamp(agg["a"], LOCAL).date(), dt.datetime.fromtimestamp(agg["b"], LOCAL).date()


def datasets():
    from smartcity.environment import models  # noqa: F401 - the module must be installed

    return [
        DatasetSpec(
            key="environment:stations", slug="tram-quan-trac-moi-truong", publisher="DONRE", theme="ENVI",
            title_vi="Danh sách trạm quan trắc môi trường tự động", title_en="Automatic environmental monitoring stations",
            description_vi="Các trạm quan trắc tự động không khí, nước mặt, nước thải và khí thải trên địa bàn tỉnh Bình Dương: "
                           "mã truyền dữ liệu, loại trạm, vị trí, khu công nghiệp, đơn vị vận hành.",
            description_en="Automatic air, surface water, wastewater and stack emission monitoring stations of Binh Duong: "
                           "transmission code, kind, location, industrial park, operator.",
            keywords=["môi trường", "quan trắc", "trạm", "environment", "monitoring"], frequency="IRREG",
            version=_stations_version, modified=lambda: _stations().aggregate(m=Max("updated_at"))["m"],
            landing_page="env-map", contact_name="Sở Tài nguyên và Môi trường",
            resources=[
                table("csv", "Danh sách trạm (CSV)", "Stations (CSV)", STATION_FIELDS, station_rows, "tram-quan-trac.csv"),
                ResourceSpec(key="geojson", title_vi="Vị trí trạm (GeoJSON)", title_en="Station locations (GeoJSON)",
                             format="GeoJSON", filename="tram-quan-trac.geojson",
                             write=lambda: geojson_stream(lambda: point_features(station_rows()))),
            ]),
        DatasetSpec(
            key="environment:aqi-hourly", slug="chi-so-aqi-theo-gio", publisher="DONRE", theme="ENVI",
            title_vi="Chỉ số chất lượng không khí (AQI) theo giờ", title_en="Hourly air quality index (AQI)",
            description_vi="VN_AQI giờ (Quyết định 1459/QĐ-TCMT) và AQI của US EPA tính từ số liệu các trạm quan trắc không khí "
                           f"tự động, {AQI_DAYS} ngày gần nhất; kèm thông số quyết định và mức chất lượng.",
            description_en="Hourly VN_AQI (Decision 1459/QĐ-TCMT) and US EPA AQI computed from the automatic air monitoring "
                           f"stations, last {AQI_DAYS} days, with the dominant parameter and the band.",
            keywords=["AQI", "không khí", "chất lượng không khí", "air quality", "VN_AQI"], frequency="HOURLY",
            version=_aqi_version, modified=lambda: _aqi_qs().aggregate(m=Max("computed_at"))["m"], temporal=_aqi_temporal,
            landing_page="env-map", contact_name="Sở Tài nguyên và Môi trường",
            resources=[
                table("csv", "AQI theo giờ (CSV)", "Hourly AQI (CSV)", AQI_FIELDS, aqi_rows, "aqi-theo-gio.csv"),
                table("json", "AQI theo giờ (JSON)", "Hourly AQI (JSON)", AQI_FIELDS, aqi_rows, "aqi-theo-gio.json", fmt="JSON"),
                ResourceSpec(key="openaq", title_vi="API tương thích OpenAQ v3", title_en="OpenAQ v3 compatible API",
                             format="API", url="openaq-locations"),
            ]),
    ]
