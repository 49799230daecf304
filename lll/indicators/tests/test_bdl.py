import pytest
from django.core.management import CommandError, call_command

from lll.indicators.models import ImportBatch, Indicator, Observation
from lll.indicators.services.bdl import bdl_client, data_by_variable, import_bdl
from lll.indicators.services.catalogue import load_catalogue
from lll.indicators.services.http import ApiError, RateLimiter
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_client(bdl_server, tmp_path):
    client = bdl_client(bdl_server.url, cache_dir=tmp_path / "cache", sleep=lambda s: None)
    yield client
    client.close()


def test_paging_reads_every_result(api_client, bdl_server):
    results = list(
        data_by_variable(api_client, "60270", 5, [2022, 2023], "062000000000", page_size=5)
    )
    assert len(results) == 18
    pages = [r for r in bdl_server.requests if "page-size=5" in r]
    assert len(pages) == 4  # 5 + 5 + 5 + 3
    assert all(len(r["values"]) == 2 for r in results)


def test_429_and_5xx_are_retried_then_cached(api_client, bdl_server):
    bdl_server.fail_next = [429, 503]
    first = list(data_by_variable(api_client, "60270", 0, [2023]))
    assert first[0]["name"] == "POLSKA"
    assert len(bdl_server.requests) == 3
    again = list(data_by_variable(api_client, "60270", 0, [2023]))
    assert again == first
    assert len(bdl_server.requests) == 3  # the cache answered; no quota spent


def test_gives_up_with_a_clear_error(bdl_server, tmp_path):
    client = bdl_client(bdl_server.url, cache_dir=tmp_path, sleep=lambda s: None, max_retries=2)
    bdl_server.fail_next = [429, 429, 429]
    with pytest.raises(ApiError, match="HTTP 429"):
        list(data_by_variable(client, "60270", 0, [2023]))


def test_rate_limiter_waits_for_the_window():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter([(5, 1.0), (100, 900.0)], clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.wait()
    assert slept == []
    limiter.wait()
    assert slept == [1.0]
    for _ in range(94):
        limiter.wait()
        now[0] += 0.25
    limiter.wait()  # the 101st request within 15 minutes waits for the oldest to expire
    assert now[0] >= 900.0


def test_import_maps_bdl_ids_to_teryt_and_rejects_unknown_units(territory, api_client):
    load_catalogue()
    indicator = Indicator.objects.get(code="lm-unemployment-rate")
    import_bdl(indicator, api_client, [2022, 2023], 2)
    podlaskie = Unit.objects.get(code="20")
    assert podlaskie.bdl_id == "062000000000"
    batch = import_bdl(indicator, api_client, [2022, 2023], 5, unit_parent_id=podlaskie.bdl_id)
    assert batch.inserted == 17 * 2
    assert batch.rejected == 2
    assert {r["value"] for r in batch.rejected_rows} == {"069999000000"}
    assert Unit.objects.get(code="2061").bdl_id == "062061100000"
    assert Observation.objects.filter(indicator=indicator, unit__code="2061").count() == 2


def test_command_imports_poland_voivodeships_and_home_powiats(
    territory, bdl_server, settings, tmp_path, capsys
):
    settings.VAR_DIR = tmp_path
    load_catalogue()
    call_command(
        "import",
        "bdl",
        "--indicator",
        "lm-unemployment-rate",
        "--years",
        "2020-2023",
        "--base-url",
        bdl_server.url,
    )
    out = capsys.readouterr().out
    assert out.count("Import #") == 3
    observations = Observation.objects.filter(indicator__code="lm-unemployment-rate")
    assert observations.filter(unit__code="PL").count() == 4
    assert observations.filter(unit__level="voivodeship").count() == 16 * 4
    assert observations.filter(unit__parent__code="20").count() == 17 * 4
    assert ImportBatch.objects.count() == 3
    with pytest.raises(CommandError, match="--live"):
        call_command("import", "bdl", "--indicator", "lm-unemployment-rate")
    with pytest.raises(CommandError, match="BDL"):
        call_command(
            "import", "bdl", "--indicator", "al-participation-4-weeks", "--base-url", bdl_server.url
        )


def test_web_fetch_from_bdl_runs_as_a_task(client, territory, bdl_server, settings, tmp_path):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from lll.accounts.models import User

    settings.VAR_DIR = tmp_path
    settings.LLL_BDL_URL = bdl_server.url
    load_catalogue()
    analyst = User.objects.create_user("a", password="x-Pass-1234")
    analyst.groups.add(Group.objects.get(name="analyst"))
    client.force_login(analyst)
    response = client.post(reverse("indicators:import_from_source", args=["lm-unemployment-rate"]))
    assert response.status_code == 302
    assert ImportBatch.objects.filter(status="done", created_by=analyst).count() == 3
    assert Observation.objects.filter(unit__code="2061").exists()


def test_web_fetch_without_network_leaves_a_clear_failed_batch(
    client, territory, settings, tmp_path
):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from lll.accounts.models import User

    settings.VAR_DIR = tmp_path
    settings.LLL_BDL_URL = "http://127.0.0.1:9/api/v1"  # nothing listens there
    settings.LLL_HTTP_MAX_RETRIES = 1
    load_catalogue()
    analyst = User.objects.create_user("a", password="x-Pass-1234")
    analyst.groups.add(Group.objects.get(name="analyst"))
    client.force_login(analyst)
    client.post(reverse("indicators:import_from_source", args=["lm-unemployment-rate"]))
    [batch] = ImportBatch.objects.all()
    assert batch.status == "failed"
    assert "Brak połączenia" in batch.error
    page = client.get(reverse("indicators:batch_list")).content.decode()
    assert "Brak połączenia" in page


def test_the_batch_shows_how_many_units_have_arrived_while_pages_are_fetched(territory, api_client):
    load_catalogue()
    indicator = Indicator.objects.get(code="lm-unemployment-rate")
    import_bdl(indicator, api_client, [2022, 2023], 2)
    seen: list[tuple[int, int, int, int]] = []

    def watch(done: int, total: int) -> None:
        # What a page polling the batch would read at this moment, from the database.
        batch = ImportBatch.objects.latest("created_at")
        seen.append((done, total, batch.rows_done, batch.rows_total))

    import_bdl(indicator, api_client, [2022, 2023], 5, "062000000000", page_size=5, progress=watch)
    assert seen == [(5, 18, 5, 18), (10, 18, 10, 18), (15, 18, 15, 18), (18, 18, 18, 18)]


def test_check_bdl_variables_prints_the_bdls_name_next_to_the_catalogues(
    bdl_server, settings, tmp_path, capsys
):
    settings.VAR_DIR = tmp_path
    with pytest.raises(CommandError, match="99999"):
        call_command("check_bdl_variables", "60270", "99999", "--base-url", bdl_server.url)
    out = capsys.readouterr().out
    assert "Zmienna 60270\n" in out
    assert "katalog: lm-unemployment-rate, „Stopa bezrobocia rejestrowanego”" in out
    assert "BDL: Stopa bezrobocia rejestrowanego, ogółem [%]; temat P2392" in out
    assert "Zmienna 99999\n  katalog: nieużywana\n  BDL: brak opisu" in out
    assert "HTTP 404" in out
    assert [p.split("?")[0] for p in bdl_server.requests[:2]] == [
        "/api/v1/variables/60270",
        "/api/v1/subjects/P2392",
    ]
    with pytest.raises(CommandError, match="--live"):
        call_command("check_bdl_variables", "60270")
    with pytest.raises(CommandError, match="liczba"):
        call_command("check_bdl_variables", "abc", "--base-url", bdl_server.url)


def test_the_catalogues_bdl_ids_include_the_parts_named_in_references():
    from lll.indicators.management.commands.check_bdl_variables import catalogue_variables

    found = {(v.variable_id, v.code, v.main) for v in catalogue_variables()}
    assert ("60270", "lm-unemployment-rate", True) in found
    assert ("1611283", "he-students", True) in found
    assert ("1611284", "he-students", False) in found
    assert {("1611293", "he-graduates", False), ("1611294", "he-graduates", False)} <= found
    assert not any(v.variable_id == "2023" for v in catalogue_variables())
