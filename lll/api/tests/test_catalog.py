"""The DCAT-AP catalogue (JSON-LD): parsed with rdflib, it lists every published indicator as a
dataset with JSON and CSV distributions, and no unpublished one; an import updates it."""

import datetime

import pytest
from django.utils import timezone
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from lll.api.catalog import public_indicators
from lll.indicators.models import ImportBatch, Indicator, Observation
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def graph(client) -> Graph:
    response = client.get("/api/v1/catalog")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return Graph().parse(data=response.content, format="json-ld")


def test_the_catalogue_lists_every_published_indicator_and_no_other(client, monitoring) -> None:
    unpublished = Indicator.objects.filter(published=False)
    assert unpublished.exists() and Indicator.objects.filter(published=True).exists()
    g = graph(client)
    catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    identifiers = {str(g.value(d, DCTERMS.identifier)) for d in g.subjects(RDF.type, DCAT.Dataset)}
    assert identifiers == {i.code for i in public_indicators()}
    assert not identifiers & set(unpublished.values_list("code", flat=True))
    assert set(g.objects(catalogs[0], DCAT.dataset)) == set(g.subjects(RDF.type, DCAT.Dataset))
    dataset = next(
        d
        for d in g.subjects(RDF.type, DCAT.Dataset)
        if str(g.value(d, DCTERMS.identifier)) == "al-participation-4-weeks"
    )
    formats = {
        str(g.value(dist, DCAT.mediaType)).rsplit("/", 2)[-2:][1]
        for dist in g.objects(dataset, DCAT.distribution)
    }
    assert formats == {"json", "csv"}
    for dist in g.objects(dataset, DCAT.distribution):
        assert "indicator=al-participation-4-weeks" in str(g.value(dist, DCAT.downloadURL))
    assert g.value(dataset, DCTERMS.license) == URIRef(
        "http://creativecommons.org/licenses/by/4.0/"
    )
    publisher = g.value(dataset, DCTERMS.publisher)
    assert str(g.value(publisher, FOAF.name)) == "Wojewódzki Urząd Pracy w Białymstoku"
    temporal = g.value(dataset, DCTERMS.temporal)
    periods = sorted(
        Observation.objects.filter(indicator__code="al-participation-4-weeks").values_list(
            "period", flat=True
        )
    )
    assert str(g.value(temporal, DCAT.startDate)) == periods[0][:4]
    assert str(g.value(temporal, DCAT.endDate)) == periods[-1][:4]
    spatial = set(map(str, g.objects(dataset, DCTERMS.spatial)))
    assert "http://publications.europa.eu/resource/authority/country/POL" in spatial
    assert "http://data.europa.eu/nuts/code/PL84" in spatial  # Podlaskie has data


def test_an_import_updates_the_catalogue(client, monitoring) -> None:
    indicator = Indicator.objects.get(code="al-participation-4-weeks")
    before = graph(client)
    dataset = URIRef(f"http://testserver/api/v1/indicators/{indicator.code}")
    end_before = before.value(before.value(dataset, DCTERMS.temporal), DCAT.endDate)
    finished = timezone.now().replace(microsecond=0)
    batch = ImportBatch.objects.create(
        source="office", indicator=indicator, status="done", finished_at=finished
    )
    Observation.objects.create(
        indicator=indicator, unit=Unit.objects.get(code="20"), period="2030", value=9.9, batch=batch
    )
    after = graph(client)
    temporal = after.value(dataset, DCTERMS.temporal)
    assert str(after.value(temporal, DCAT.endDate)) == "2030" != str(end_before)
    modified = after.value(dataset, DCTERMS.modified)
    assert isinstance(modified, Literal)
    assert modified.toPython() == finished.astimezone(datetime.UTC) or str(modified).startswith(
        finished.isoformat()[:16]
    )
