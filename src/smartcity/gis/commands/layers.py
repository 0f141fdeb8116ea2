"""`smartcity gis` verbs of the layers part:

    smartcity gis layers
    smartcity gis import FILE --layer KEY [--crs VN2000-BD] [--encoding cp1258|utf-8|tcvn3] [--mode append|replace]
                              [--create --owner DOC --title "Thửa đất phường Phú Cường" --kind parcel]
    smartcity gis export --layer KEY --format gpkg|shp|geojson|kml|tab --out FILE [--crs source|VN2000-BD|EPSG:4326]
                              [--encoding cp1258]
    smartcity gis crs                              # the CRS keys (VN-2000 per province)
"""
from django.core.management.base import CommandError


def register(sub) -> None:
    p = sub.add_parser("layers", help="List the layers with their CRS, feature count and extent")
    p.set_defaults(handler=_layers)

    p = sub.add_parser("crs", help="List the coordinate systems (VN-2000 3-degree TM per province, WGS84)")
    p.set_defaults(handler=_crs)

    p = sub.add_parser("import", help="Import a Shapefile (.shp or .zip), GeoPackage, GeoJSON, KML, TAB or DXF into a layer")
    p.add_argument("file")
    p.add_argument("--layer", required=True, help="layer key")
    p.add_argument("--crs", default=None, help="source CRS when the file has none or a wrong one (e.g. VN2000-BD)")
    p.add_argument("--encoding", default=None, type=_read_encoding,
                   help="attribute encoding when the .cpg is missing or wrong: cp1258, utf-8 or tcvn3 (TCVN 5712:1993, "
                        "the ABC fonts); by default the .cpg, and TCVN3 is recognised in files without one")
    p.add_argument("--mode", choices=("append", "replace"), default="append")
    p.add_argument("--create", action="store_true", help="create the layer if it does not exist")
    p.add_argument("--owner", default="DOC", help="owner organisation code for --create")
    p.add_argument("--title", default=None, help="Vietnamese title for --create")
    p.add_argument("--kind", default="other", help="layer kind for --create")
    p.set_defaults(handler=_import)

    p = sub.add_parser("export", help="Export a layer to a file")
    p.add_argument("--layer", required=True)
    p.add_argument("--format", required=True, choices=("gpkg", "shp", "geojson", "kml", "tab"))
    p.add_argument("--out", required=True, help="output file (.zip for a zipped Shapefile)")
    p.add_argument("--crs", default=None, help="WGS84 (default), 'source' (the layer's) or a CRS key")
    p.add_argument("--encoding", default=None, help="Shapefile attribute encoding: utf-8 (default) or cp1258")
    p.set_defaults(handler=_export)


def _read_encoding(value):
    import argparse
    import codecs

    from smartcity.gis import formats

    enc = formats.python_encoding(value)
    if enc in formats.READ_ENCODINGS:
        return enc
    try:
        codecs.lookup(enc)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r}; use one of {', '.join(formats.READ_ENCODINGS)}") from None
    return enc


def _layer(key):
    from smartcity.gis.models import Layer

    try:
        return Layer.objects.get(key=key)
    except Layer.DoesNotExist:
        raise CommandError(f"no layer {key!r}") from None


def _layers(cmd, options):
    from smartcity.gis.models import Layer

    for layer in Layer.objects.select_related("owner").order_by("kind", "key"):
        ext = " ".join(f"{v:.5f}" for v in layer.extent) if layer.extent else "-"
        cmd.stdout.write(f"{layer.key}\t{layer.kind}\t{layer.source_crs}\tv{layer.version}\t{layer.feature_count}\t{ext}\t{layer.title_vi}")


def _crs(cmd, options):
    from smartcity.gis import crs

    for key, vi, en in crs.choices():
        cmd.stdout.write(f"{key}\t{vi}\t{en}")


def _import(cmd, options):
    from smartcity.core.models import Organisation
    from smartcity.gis import crs, formats
    from smartcity.gis.models import Layer
    from smartcity.gis.services import importer

    try:
        layer = _layer(options["layer"])
    except CommandError:
        if not options["create"]:
            raise
        owner = Organisation.objects.filter(code=options["owner"]).first()
        if owner is None:
            raise CommandError(f"no organisation {options['owner']!r}") from None
        layer = Layer.objects.create(key=options["layer"], title_vi=options["title"] or options["layer"], owner=owner,
                                     kind=options["kind"])
    try:
        path = importer.store_upload(options["file"])
        job = importer.create_job(layer, path, file_name=options["file"], source_crs=options["crs"],
                                  encoding=options["encoding"], mode=options["mode"])
    except (crs.CRSError, formats.FormatError, importer.ImportError_, FileNotFoundError) as exc:
        raise CommandError(str(exc)) from None
    importer.run(job)
    if job.status != "done":
        raise CommandError(f"import failed: {job.error}")
    cmd.stdout.write(f"{layer.key}: {job.imported}/{job.total} imported, {job.repaired} repaired, {job.rejected} rejected "
                     f"(CRS {job.source_crs}, encoding {job.encoding or '-'})")
    if job.missing:
        cmd.stdout.write("missing attributes: " + ", ".join(job.missing))
    for row in job.report:
        cmd.stdout.write(f"  #{row['index']} {row['fid']}: {row['action']}: {row['reason']}")


def _export(cmd, options):
    from smartcity.gis import crs, formats
    from smartcity.gis.services import exporter

    layer = _layer(options["layer"])
    try:
        out = exporter.export_layer(layer, options["format"], options["out"], crs=options["crs"], encoding=options["encoding"])
    except (crs.CRSError, formats.FormatError) as exc:
        raise CommandError(str(exc)) from None
    cmd.stdout.write(f"{layer.key}: {layer.feature_count} features -> {out}")
