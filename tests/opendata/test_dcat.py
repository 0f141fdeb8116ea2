"""DCAT-AP output: the catalogue and a dataset in Turtle and JSON-LD parse back as RDF
with the mandatory and recommended triples."""
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from smartcity.opendata.dcat import ADMS, VCARD

BASE = "http://testserver"


def _graph(response, fmt):
    assert response.status_code == 200, response.content[:300]
    g = Graph()
    g.parse(data=response.content.decode(), format=fmt)
    return g


def test_catalogue_turtle_and_jsonld_hold_the_same_triples(catalogue, client):
    ttl = client.get("/api/opendata/catalog.ttl")
    assert ttl["Content-Type"].startswith("text/turtle")
    g = _graph(ttl, "turtle")
    cat = URIRef(f"{BASE}/api/opendata/catalog")
    assert (cat, RDF.type, DCAT.Catalog) in g
    assert (cat, DCTERMS.title, Literal("Binh Duong Smart City open data catalogue", lang="en")) in g
    assert any(True for _ in g.objects(cat, DCTERMS.description))
    publisher = g.value(cat, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g
    assert (publisher, FOAF.name, Literal("Sở Thông tin và Truyền thông", lang="vi")) in g
    datasets = set(g.objects(cat, DCAT.dataset))
    assert URIRef(f"{BASE}/api/opendata/datasets/chi-so-aqi-theo-gio") in datasets
    assert len(datasets) == len(set(g.subjects(RDF.type, DCAT.Dataset)))

    jsonld = client.get("/api/opendata/catalog.jsonld")
    assert jsonld["Content-Type"].startswith("application/ld+json")
    g2 = _graph(jsonld, "json-ld")
    assert len(g2) == len(g)
    assert set(g2.objects(cat, DCAT.dataset)) == datasets


def test_dataset_has_the_dcat_ap_properties(catalogue, client):
    g = _graph(client.get("/api/opendata/datasets/chi-so-aqi-theo-gio.ttl"), "turtle")
    ds = URIRef(f"{BASE}/api/opendata/datasets/chi-so-aqi-theo-gio")
    assert (ds, RDF.type, DCAT.Dataset) in g
    assert (ds, DCTERMS.title, Literal("Chỉ số chất lượng không khí (AQI) theo giờ", lang="vi")) in g
    assert (ds, DCTERMS.title, Literal("Hourly air quality index (AQI)", lang="en")) in g
    assert (ds, DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/ENVI")) in g
    assert (ds, DCTERMS.accrualPeriodicity, URIRef("http://publications.europa.eu/resource/authority/frequency/HOURLY")) in g
    assert (ds, DCAT.keyword, Literal("AQI")) in g
    assert g.value(g.value(ds, DCTERMS.publisher), FOAF.name, any=True) is not None
    contact = g.value(ds, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g and g.value(contact, VCARD.fn) == Literal("Sở Tài nguyên và Môi trường")
    period = g.value(ds, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate).datatype == XSD.date
    assert g.value(ds, DCTERMS.spatial) is not None and g.value(ds, ADMS.identifier) is not None
    assert g.value(ds, DCAT.landingPage) == URIRef(f"{BASE}/environment/")
    dists = set(g.objects(ds, DCAT.distribution))
    assert len(dists) == 3
    csv_dist = next(d for d in dists if g.value(d, DCTERMS.format) == URIRef("http://publications.europa.eu/resource/authority/file-type/CSV"))
    url = g.value(csv_dist, DCAT.downloadURL)
    assert str(url).startswith(f"{BASE}/opendata/r/") and g.value(csv_dist, DCAT.accessURL) == url
    assert g.value(csv_dist, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")
    licence = g.value(csv_dist, DCTERMS.license)
    assert licence == URIRef("https://creativecommons.org/licenses/by/4.0/") and (licence, RDF.type, DCTERMS.LicenseDocument) in g
    for d in dists:  # accessURL is mandatory for every distribution, the API one included
        assert g.value(d, DCAT.accessURL) is not None


def test_content_negotiation_and_unknown_dataset(catalogue, client):
    ttl = client.get("/api/opendata/catalog", HTTP_ACCEPT="text/turtle")
    assert ttl["Content-Type"].startswith("text/turtle") and "Accept" in ttl["Vary"]
    assert client.get("/api/opendata/catalog")["Content-Type"].startswith("application/ld+json")
    assert client.get("/api/opendata/datasets/chi-so-aqi-theo-gio", HTTP_ACCEPT="text/turtle")["Content-Type"].startswith("text/turtle")
    missing = client.get("/api/opendata/datasets/khong-co.ttl")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
