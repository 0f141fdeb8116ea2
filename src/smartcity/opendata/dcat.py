"""The catalogue in DCAT-AP (2.1 / 3.0) as an RDF graph (rdflib), serialised to Turtle or
JSON-LD.

Mandatory classes and properties of DCAT-AP: the catalogue (dct:title, dct:description,
dct:publisher, dcat:dataset), each dataset (dct:title, dct:description, plus the
recommended dcat:contactPoint as a vcard:Kind, dcat:distribution, dcat:keyword,
dct:publisher, dcat:theme, dct:spatial, dct:temporal), each distribution (dcat:accessURL,
plus dcat:downloadURL, dct:format and dcat:mediaType from the EU and IANA vocabularies,
dct:license, dcat:byteSize, adms:status) and each agent (foaf:Agent, foaf:name, dct:type
from the ADMS publisher types). Titles and descriptions carry Vietnamese and English
language tags. Themes, frequencies and file types use the EU Publications Office
authority tables.
"""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(EU + "data-theme/")
FREQ = Namespace(EU + "frequency/")
FILETYPE = Namespace(EU + "file-type/")
LANG = Namespace(EU + "language/")
PUBTYPE = Namespace("http://purl.org/adms/publishertype/")
STATUS = Namespace("http://purl.org/adms/status/")
IANA = "https://www.iana.org/assignments/media-types/"

FILE_TYPES = {"CSV": "CSV", "JSON": "JSON", "GeoJSON": "GEOJSON", "GTFS": "ZIP", "ZIP": "ZIP", "XLSX": "XLSX", "PDF": "PDF"}
# Binh Duong province's bounding box (WGS84), for dct:spatial
BBOX = (106.33, 10.85, 106.98, 11.51)

CONTEXT = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "vcard": str(VCARD), "adms": str(ADMS), "skos": str(SKOS),
           "locn": str(LOCN), "xsd": str(XSD), "owl": str(OWL)}


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in CONTEXT.items():
        g.bind(prefix, Namespace(ns))
    return g


def _lit(g, s, p, value, lang=None, datatype=None):
    if value not in (None, ""):
        g.add((s, p, Literal(value, lang=lang, datatype=datatype)))


def _agent(g, org, base: str) -> URIRef:
    node = URIRef(f"{base}/api/opendata/organizations/{org.code.lower()}")
    if (node, RDF.type, FOAF.Agent) in g:
        return node
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, RDF.type, FOAF.Organization))
    _lit(g, node, FOAF.name, org.name_vi, "vi")
    _lit(g, node, FOAF.name, org.name_en, "en")
    kind = {"department": "RegionalAuthority", "board": "RegionalAuthority", "district": "LocalAuthority",
            "university": "Academia-ScientificOrganisation", "enterprise": "Company"}.get(org.kind, "RegionalAuthority")
    g.add((node, DCTERMS.type, PUBTYPE[kind]))
    if org.website:
        g.add((node, FOAF.homepage, URIRef(org.website)))
    return node


def _spatial(g, label: str) -> BNode:
    node = BNode()
    g.add((node, RDF.type, DCTERMS.Location))
    _lit(g, node, SKOS.prefLabel, label, "vi")
    west, south, east, north = BBOX
    wkt = f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},{west} {south}))"
    g.add((node, DCAT.bbox, Literal(wkt, datatype=Namespace("http://www.opengis.net/ont/geosparql#").wktLiteral)))
    g.add((node, LOCN.geometry, Literal(wkt, datatype=Namespace("http://www.opengis.net/ont/geosparql#").wktLiteral)))
    return node


def dataset_uri(ds, base: str) -> URIRef:
    return URIRef(f"{base}/api/opendata/datasets/{ds.slug}")


def add_dataset(g: Graph, ds, base: str, downloads: dict | None = None) -> URIRef:
    from smartcity.opendata.links import download_url

    node = dataset_uri(ds, base)
    g.add((node, RDF.type, DCAT.Dataset))
    _lit(g, node, DCTERMS.identifier, str(ds.uuid))
    g.add((node, ADMS.identifier, _identifier(g, ds)))
    _lit(g, node, DCTERMS.title, ds.title_vi, "vi")
    _lit(g, node, DCTERMS.title, ds.title_en, "en")
    _lit(g, node, DCTERMS.description, ds.description_vi, "vi")
    _lit(g, node, DCTERMS.description, ds.description_en, "en")
    for kw in ds.keywords or []:
        _lit(g, node, DCAT.keyword, kw)
    g.add((node, DCAT.theme, THEME[ds.theme]))
    g.add((node, DCTERMS.publisher, _agent(g, ds.owner, base)))
    g.add((node, DCTERMS.accrualPeriodicity, FREQ[ds.frequency]))
    g.add((node, DCTERMS.spatial, _spatial(g, ds.spatial)))
    g.add((node, DCTERMS.language, LANG.VIE))
    g.add((node, DCTERMS.language, LANG.ENG))
    if ds.temporal_start or ds.temporal_end:
        period = BNode()
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        _lit(g, period, DCAT.startDate, ds.temporal_start, datatype=XSD.date)
        _lit(g, period, DCAT.endDate, ds.temporal_end, datatype=XSD.date)
        g.add((node, DCTERMS.temporal, period))
    contact = BNode()
    g.add((contact, RDF.type, VCARD.Kind))
    _lit(g, contact, VCARD.fn, ds.contact_name or ds.owner.name_vi)
    email = ds.contact_email or ds.owner.email
    if email:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    g.add((node, DCAT.contactPoint, contact))
    _lit(g, node, DCTERMS.issued, ds.issued, datatype=XSD.dateTime)
    _lit(g, node, DCTERMS.modified, ds.modified or ds.updated_at, datatype=XSD.dateTime)
    landing = ds.landing_page or f"/opendata/d/{ds.slug}/"
    g.add((node, DCAT.landingPage, URIRef(landing if landing.startswith("http") else base + landing)))
    licence = _licence(g, ds.licence)
    for r in ds.resources.all():
        dist = URIRef(f"{base}/api/opendata/resources/{r.uuid}")
        g.add((node, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        _lit(g, dist, DCTERMS.title, r.title_vi, "vi")
        _lit(g, dist, DCTERMS.title, r.title_en, "en")
        _lit(g, dist, DCTERMS.description, r.description)
        if r.generator:
            url = URIRef(base + download_url(r))
            g.add((dist, DCAT.accessURL, url))
            g.add((dist, DCAT.downloadURL, url))
        else:
            g.add((dist, DCAT.accessURL, URIRef(r.url if r.url.startswith("http") else base + r.url)))
        if r.format in FILE_TYPES:
            g.add((dist, DCTERMS.format, FILETYPE[FILE_TYPES[r.format]]))
        g.add((dist, DCAT.mediaType, URIRef(IANA + r.media_type)))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, ADMS.status, STATUS.Completed))
        _lit(g, dist, DCAT.byteSize, r.byte_size, datatype=XSD.nonNegativeInteger)
        _lit(g, dist, DCTERMS.modified, r.last_modified, datatype=XSD.dateTime)
    return node


def _identifier(g, ds) -> BNode:
    node = BNode()
    g.add((node, RDF.type, ADMS.Identifier))
    g.add((node, SKOS.notation, Literal(ds.slug)))
    return node


def _licence(g, licence) -> URIRef:
    node = URIRef(licence.url)
    g.add((node, RDF.type, DCTERMS.LicenseDocument))
    _lit(g, node, DCTERMS.title, licence.title)
    _lit(g, node, DCTERMS.identifier, licence.code)
    return node


def catalogue_graph(datasets, base: str) -> Graph:
    from smartcity.core.models import Organisation

    g = _graph()
    cat = URIRef(f"{base}/api/opendata/catalog")
    g.add((cat, RDF.type, DCAT.Catalog))
    _lit(g, cat, DCTERMS.title, "Danh mục dữ liệu mở Thành phố thông minh Bình Dương", "vi")
    _lit(g, cat, DCTERMS.title, "Binh Duong Smart City open data catalogue", "en")
    _lit(g, cat, DCTERMS.description, "Dữ liệu mở do các sở, ngành công bố trên nền tảng Thành phố thông minh Bình Dương.", "vi")
    _lit(g, cat, DCTERMS.description, "Open data published by the departments on the Binh Duong Smart City platform.", "en")
    dic = Organisation.objects.filter(code="DIC").first()
    if dic is not None:
        g.add((cat, DCTERMS.publisher, _agent(g, dic, base)))
    g.add((cat, FOAF.homepage, URIRef(f"{base}/opendata/")))
    g.add((cat, DCTERMS.language, LANG.VIE))
    g.add((cat, DCTERMS.language, LANG.ENG))
    g.add((cat, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    g.add((cat, DCTERMS.spatial, _spatial(g, "Tỉnh Bình Dương")))
    latest = None
    for ds in datasets:
        g.add((cat, DCAT.dataset, add_dataset(g, ds, base)))
        stamp = ds.modified or ds.updated_at
        latest = stamp if latest is None or (stamp and stamp > latest) else latest
    _lit(g, cat, DCTERMS.modified, latest, datatype=XSD.dateTime)
    return g


def dataset_graph(ds, base: str) -> Graph:
    g = _graph()
    add_dataset(g, ds, base)
    return g


def serialise(g: Graph, fmt: str) -> str:
    if fmt == "jsonld":
        return g.serialize(format="json-ld", context=CONTEXT, auto_compact=True)
    return g.serialize(format="turtle")
