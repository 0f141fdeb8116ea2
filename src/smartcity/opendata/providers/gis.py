"""GIS (DOC): each published layer as GeoJSON in WGS84 (RFC 7946), the features the layer
holds now, plus its OGC API - Features collection as an API distribution."""
import json

from django.db.models import Count, Max

from smartcity.opendata.providers import DatasetSpec, ResourceSpec, geojson_stream, stamp

THEMES = {"boundary": "REGI", "planning_zone": "REGI", "red_line": "REGI", "corridor": "REGI", "parcel": "REGI",
          "project": "ECON", "permit": "GOVE"}


def _features(layer_id: int):
    def features():
        from smartcity.gis.models import Feature

        for fid, geometry, props in Feature.objects.filter(layer_id=layer_id).order_by("id").values_list(
                "fid", "geometry", "properties").iterator(chunk_size=2000):
            yield json.loads(geometry), {"fid": fid, **(props or {})}
    return features


def datasets():
    from smartcity.gis.models import Layer

    specs = []
    for layer in Layer.objects.filter(published=True).select_related("owner").order_by("key"):
        layer_id = layer.pk

        def version(layer_id=layer_id):
            from smartcity.gis.models import Feature, Layer

            agg = Feature.objects.filter(layer_id=layer_id).aggregate(n=Count("id"), u=Max("updated_at"))
            return stamp(Layer.objects.filter(pk=layer_id).values_list("version", flat=True).first(), agg["n"], agg["u"])

        description = layer.description or ""
        specs.append(DatasetSpec(
            key=f"gis:{layer.key}", slug=f"lop-ban-do-{layer.key}"[:100], publisher=layer.owner.code, theme=THEMES.get(layer.kind, "REGI"),
            title_vi=f"Lớp bản đồ: {layer.title_vi}", title_en=f"Map layer: {layer.title_en or layer.title_vi}",
            description_vi=(description + " " if description else "") + f"Lớp dữ liệu không gian ({layer.get_kind_display()}), "
                           f"{layer.feature_count} đối tượng, hệ tọa độ WGS84; nguồn: {layer.source_crs}.",
            description_en=f"Spatial layer ({layer.kind}), {layer.feature_count} features in WGS84; source CRS {layer.source_crs}.",
            keywords=["GIS", "bản đồ", "quy hoạch", layer.kind.replace("_", " ")], frequency="IRREG", licence="odc-odbl",
            version=version, modified=lambda layer=layer: layer.updated_at,
            temporal=lambda layer=layer: (layer.valid_from, layer.valid_to), landing_page="gis-map", contact_name=layer.owner.name_vi,
            resources=[ResourceSpec(key="geojson", title_vi=f"{layer.title_vi} (GeoJSON)", title_en=f"{layer.title_en or layer.title_vi} (GeoJSON)",
                                    format="GeoJSON", filename=f"{layer.key}.geojson",
                                    write=lambda layer_id=layer_id: geojson_stream(_features(layer_id))),
                       ResourceSpec(key="ogc", title_vi="OGC API - Features", title_en="OGC API - Features", format="API",
                                    url=f"/ogc/collections/{layer.key}/items")],
        ))
    return specs
