"""RODO: clauses on the forms and in the first e-mail, the register entry, "my data",
retention."""

import datetime
import json
from io import BytesIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from lll.consultations import services as consultations
from lll.consultations.models import Comment
from lll.consultations.tests.conftest import Setup
from lll.coordination.tests.conftest import Team
from lll.publicoffice.models import InformationClause
from lll.publicoffice.services import clauses, retention
from lll.testing import logged_in, make_user

pytestmark = pytest.mark.django_db


def write_clause(purpose: str, text: str) -> None:
    clause = clauses.default_clause(purpose)
    clause.text = text
    clause.save()


def test_a_new_member_accounts_first_email_carries_the_clause(team: Team, mailbox) -> None:
    write_clause("members", "KLAUZULA-CZLONKOWIE: administratorem danych jest WUP.")
    office = logged_in(make_user("admin1", "administrator"))
    guest = team.guest  # has an e-mail address, no account yet
    response = office.post(f"/koordynacja/osoby/{guest.pk}/zaproszenie/")
    assert response.status_code == 302
    assert len(mailbox.messages) == 1
    body = mailbox.bodies()[0]
    assert "KLAUZULA-CZLONKOWIE" in body
    assert mailbox.messages[0]["X-Rcpt-To"] == guest.email


def test_an_account_created_by_the_administrator_gets_the_default_clause(mailbox) -> None:
    office = logged_in(make_user("admin1", "administrator"))
    form = office.get("/konto/uzytkownicy/nowy/")
    assert "information-clause" in form.content.decode()
    response = office.post(
        "/konto/uzytkownicy/nowy/",
        {
            "username": "nowa",
            "first_name": "Nina",
            "last_name": "Nowa",
            "email": "nina@example.org",
            "roles": [Group.objects.get(name="member").pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    body = mailbox.bodies()[0]
    assert "Administratorem Pani/Pana danych osobowych jest" in body


def test_forms_that_collect_personal_data_show_the_clause(setup: Setup) -> None:
    write_clause("comments", "KLAUZULA-UWAGI")
    write_clause("polls", "KLAUZULA-GLOSOWANIA")
    write_clause("members", "KLAUZULA-OSOBY")
    member = logged_in(setup.team.member_user)
    page = member.get(f"/konsultacje/konsultacje/{setup.consultation.pk}/").content.decode()
    assert "KLAUZULA-UWAGI" in page
    page = member.get(f"/konsultacje/glosowania/{setup.poll.pk}/").content.decode()
    assert "KLAUZULA-GLOSOWANIA" in page
    office = logged_in(setup.team.office_user)
    assert "KLAUZULA-OSOBY" in office.get("/koordynacja/osoby/nowa/").content.decode()


def test_the_office_edits_a_clause_and_prints_its_register_entry() -> None:
    admin = logged_in(make_user("adm", "administrator"))
    data = {
        "text": "Nowa treść klauzuli.",
        "controller": "WUP w Białymstoku",
        "dpo_contact": "iod@wup.example",
        "legal_basis": "art. 6 ust. 1 lit. e RODO",
        "data_subjects": "uczestnicy",
        "data_categories": "imię, nazwisko",
        "recipients": "brak",
        "transfers": "nie dotyczy",
        "retention": "5 lat",
        "security": "szyfrowanie",
    }
    assert admin.post("/urzad/rodo/study_visits/", data).status_code == 302
    assert InformationClause.objects.get(purpose="study_visits").text == "Nowa treść klauzuli."
    entry = admin.get("/urzad/rodo/study_visits/rejestr/").content.decode()
    for value in ("WUP w Białymstoku", "iod@wup.example", "5 lat", "szyfrowanie"):
        assert value in entry
    assert "Nowa treść klauzuli." in Client().get("/urzad/rodo/").content.decode()
    assert Client().get("/urzad/rodo/study_visits/rejestr/").status_code == 302
    assert admin.get("/urzad/rodo/nonsense/").status_code == 404


def test_my_data_holds_the_persons_comments_and_votes(setup: Setup) -> None:
    team = setup.team
    user = team.member_user
    consultations.submit_comment(setup.consultation, user, text="Uwaga członkini o art. 1")
    person = team.members[1]
    option = setup.poll.options.get(label="Dania")
    consultations.cast_vote(setup.poll, person, [option.pk])
    AccessLog.objects.create(username=user.username, ip_address="10.1.2.3", user_agent="Firefox")
    AccessLog.objects.create(username="someone-else", ip_address="10.9.9.9", user_agent="x")
    client = logged_in(user)
    assert client.get("/urzad/moje-dane/").status_code == 200
    data = json.loads(client.get("/urzad/moje-dane.json").content)
    assert data["account"][0]["username"] == user.username
    addresses = [row["ip_address"] for row in data["logins"]]
    assert "10.1.2.3" in addresses and "10.9.9.9" not in addresses
    assert data["person"][0]["last_name"] == person.last_name
    assert [c["comment"] for c in data["comments"]] == ["Uwaga członkini o art. 1"]
    assert data["poll_votes"][0]["vote"] == "Dania"
    assert {m["body"] for m in data["memberships"]} == {team.wzk.name}
    workbook = load_workbook(BytesIO(client.get("/urzad/moje-dane.xlsx").content))
    comments = list(workbook["comments"].iter_rows(values_only=True))
    assert "Uwaga członkini o art. 1" in comments[1]
    # Someone else's data is not in it.
    other = logged_in(team.outsider_user)
    assert json.loads(other.get("/urzad/moje-dane.json").content)["comments"] == []


def test_a_secret_vote_gives_only_the_fact_of_voting(setup: Setup) -> None:
    from lll.consultations.tests.conftest import open_poll

    poll = open_poll(setup.team, secret=True)
    consultations.cast_vote(poll, setup.team.members[1], [poll.options.first().pk])
    data = json.loads(logged_in(setup.team.member_user).get("/urzad/moje-dane.json").content)
    secret = [v for v in data["poll_votes"] if v["secret"]]
    assert len(secret) == 1 and "tajne" in secret[0]["vote"]


def test_retention_lists_then_removes_what_is_past_its_period(setup: Setup, capsys) -> None:
    old = timezone.now() - datetime.timedelta(days=500)
    attempt = AccessAttempt.objects.create(
        username="x",
        ip_address="127.0.0.1",
        user_agent="t",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=old)
    AccessAttempt.objects.create(
        username="y",
        ip_address="127.0.0.1",
        user_agent="t",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    comment = consultations.submit_comment(setup.consultation, setup.team.member_user, text="Stara")
    Comment.objects.filter(pk=comment.pk).update(withdrawn_at=old)
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "Próba: niczego nie usunięto." in out
    assert "nieudane próby logowania (przechowywane 12 mies." in out
    assert AccessAttempt.objects.count() == 2 and Comment.objects.filter(pk=comment.pk).exists()
    due = {d.kind.key: d.count for d in retention.past_retention()}
    assert due["login_attempts"] == 1 and due["withdrawn_comments"] == 1
    retention.set_months("withdrawn_comments", 24)  # the office keeps them longer
    call_command("apply_retention")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y"]
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_retention_counts_calendar_months() -> None:
    moment = datetime.datetime(2026, 3, 31, 12, 0, tzinfo=datetime.UTC)
    assert retention.months_before(moment, 1) == moment.replace(month=2, day=28)
    assert retention.months_before(moment, 13) == moment.replace(year=2025, month=2, day=28)
    assert retention.months_before(moment, 3) == moment.replace(month=12, day=31, year=2025)
    assert retention.months_before(moment, 0) == moment


def test_the_administrator_sets_the_retention_periods() -> None:
    admin = logged_in(make_user("adm", "administrator"))
    page = admin.get("/urzad/rodo-retencja/").content.decode()
    assert "nieudane próby logowania" in page.lower()
    data = {kind.key: kind.default_months for kind in retention.KINDS}
    data["mailing_deliveries"] = 36
    assert admin.post("/urzad/rodo-retencja/", data).status_code == 302
    due = {d.kind.key: d.months for d in retention.past_retention()}
    assert due["mailing_deliveries"] == 36
    data["login_log"] = 0
    refused = admin.post("/urzad/rodo-retencja/", data)
    assert refused.status_code == 200 and "login_log" in refused.content.decode()
    assert logged_in(make_user("czl", "member")).get("/urzad/rodo-retencja/").status_code == 403


def test_a_persons_first_meeting_mailing_carries_the_clause_and_later_ones_do_not(
    team: Team, mailbox
) -> None:
    from lll.coordination import mailings

    write_clause("members", "KLAUZULA-ZAPROSZENIE")
    first = mailings.create_mailing(team.meeting, "invitation", team.office_user, [team.chair])
    assert mailings.send_mailing(first) == (1, 0)
    second = mailings.create_mailing(team.meeting, "materials", team.office_user, [team.chair])
    assert mailings.send_mailing(second) == (1, 0)
    bodies = [
        " ".join(
            p.get_payload(decode=True).decode()
            for p in message.walk()
            if p.get_content_type() == "text/plain" and not p.get_filename()
        )
        for message in mailbox.messages
    ]
    assert "KLAUZULA-ZAPROSZENIE" in bodies[0]
    assert "KLAUZULA-ZAPROSZENIE" not in bodies[1]
