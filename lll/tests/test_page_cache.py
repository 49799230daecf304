"""Cached public pages are never stale: an import, a publication and an edit each change what
the next request returns, for every kind of cached page (lll.core.pagecache, lll.core.dataversion).

Transactional tests: the data version advances when a transaction commits, as in production
(a request that begins inside a test's rolled-back transaction is never cached). One test per
kind of change, each asking for every page before and after; the catalogue and the Eurostat
series are loaded once per session (`monitoring`).
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from lll.core import dataversion
from lll.core.pagecache import PLACEHOLDER
from lll.indicators.models import Indicator

INDICATOR = "al-participation-4-weeks"
PAGES = {
    "home": "/",
    "indicator page": f"/wskazniki/{INDICATOR}/",
    "powiat profile": "/wskazniki/profil/2001/",
    "region among the 16": "/wskazniki/region-wsrod-wojewodztw/",
    "map data": "/teren/20/granice.geojson",
    "chart specs": "/wskazniki/obszar/adult_learning/",
    "API": f"/api/v1/observations?indicator={INDICATOR}&format=csv",
}
# What each change makes visible, and on which pages it must show.
SHOWS = {
    "import": ("77.7", {"indicator page", "API", "chart specs"}),
    # Its links (the code alone is also the start of al-participation-4-weeks-gus's).
    "publication": (f"/wskazniki/{INDICATOR}/", {"region among the 16", "chart specs"}),
    "edit": ("Augustów-edited", {"home", "powiat profile", "map data"}),
}


def _import(tmp_path: Path) -> None:
    """A file import that changes Podlaskie's 2019 value (the import pipeline, bulk writes)."""
    data = tmp_path / "eurostat.csv"
    data.write_text("geo,unit,sex,age,year,value,flag\nPL84,PC,T,Y25-64,2019,77.7,\n")
    call_command("import", "eurostat", "--file", str(data))


def _publication(tmp_path: Path) -> None:
    """Withdrawing an indicator from publication: a queryset update, which sends no signal."""
    Indicator.objects.filter(code=INDICATOR).update(published=False)


def _edit(tmp_path: Path) -> None:
    """An edit of a unit's name, as the admin saves it."""
    from lll.territory.models import Unit

    unit = Unit.objects.get(code="2001")
    unit.name = "Augustów-edited"
    unit.save()


CHANGES: dict[str, Callable[[Path], None]] = {
    "import": _import,
    "publication": _publication,
    "edit": _edit,
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_reaches_every_cached_page_at_once(change, monitoring, tmp_path):
    client = Client()
    before = {}
    for name, url in PAGES.items():
        first = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert first.status_code == 200, name
        assert again.status_code == 304, name  # cached, and answered by its ETag
        assert client.get(url)["X-Page-Cache"] == "hit", name
        before[name] = first
    version = dataversion.current()

    CHANGES[change](tmp_path)

    assert dataversion.current() != version
    marker, visible_on = SHOWS[change]
    for name, url in PAGES.items():
        after = client.get(url, HTTP_IF_NONE_MATCH=before[name]["ETag"])
        if change == "publication" and name in {"indicator page", "API"}:
            assert after.status_code == 404, name  # the withdrawn indicator is gone
            continue
        assert after.status_code == 200, name  # not 304: the old copy is not current
        assert after["X-Page-Cache"] == "miss", name
        assert after["ETag"] != before[name]["ETag"], name
        if name in visible_on:
            shown = marker in after.content.decode()
            assert shown != (change == "publication"), name
            assert (marker in before[name].content.decode()) == (change == "publication"), name


@pytest.mark.django_db(transaction=True)
def test_cached_pages_hold_no_visitor_state(monitoring):
    """Each visitor gets their own CSRF token in the cached page (the language switch's form);
    a logged-in visitor's page is never cached nor served from the cache."""
    from django.contrib.auth import get_user_model

    first, second = Client(), Client()
    page_one = first.get("/").content.decode()
    page_two = second.get("/").content.decode()
    assert second.get("/")["X-Page-Cache"] == "hit"
    assert PLACEHOLDER not in page_one and PLACEHOLDER not in page_two
    token_one = first.cookies["csrftoken"].value
    token_two = second.cookies["csrftoken"].value
    assert token_one != token_two
    # The form's token works for its own visitor: the language switch posts.
    assert 'name="csrfmiddlewaretoken"' in page_two
    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get("/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    switched = csrf_client.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    english = csrf_client.get("/")
    assert english["Content-Language"] == "en"
    assert english["X-Page-Cache"] == "miss"  # the language is part of the key

    user = get_user_model().objects.create_user("cache-visitor", password="x" * 16)
    member = Client()
    member.force_login(user)
    answer = member.get("/")
    assert "X-Page-Cache" not in answer
    assert "cache-visitor" in answer.content.decode() or answer.status_code == 302
