"""Comments: who may submit, edit and withdraw them and until when; responses; reminders."""

import datetime
import re
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lll.consultations import services
from lll.consultations.forms import (
    DecisionForm,
    PositionForm,
    ResponseForm,
)
from lll.consultations.models import (
    Comment,
    Consultation,
    Provision,
    ReminderDelivery,
)
from lll.coordination.models import Meeting
from lll.testing import logged_in

from .conftest import Setup, close, open_consultation


def _comment(setup: Setup, user=None, text: str = "Uwaga do art. 1") -> Comment:
    return services.submit_comment(
        setup.consultation,
        user or setup.team.member_user,
        text=text,
        provision=setup.provision,
        proposed_wording="Nowe brzmienie",
        justification="Bo tak trzeba",
    )


def test_members_see_their_bodies_consultations_outsiders_and_drafts_stay_hidden(setup):
    team = setup.team
    draft = open_consultation(team, title="Szkic", status=Consultation.Status.DRAFT)
    assert set(services.visible_consultations(team.member_user)) == {setup.consultation}
    assert set(services.visible_consultations(team.office_user)) == {setup.consultation, draft}
    assert list(services.visible_consultations(team.outsider_user)) == []


def test_a_member_comments_and_the_table_names_them_with_their_institution(setup):
    comment = _comment(setup)
    assert comment.author == setup.team.members[1]
    assert comment.submitter == "Anna Ślęzak (Powiatowy Urząd Pracy w Łomży)"
    assert services.table_rows(setup.consultation) == [
        [
            1,
            "art. 1 pkt 2",
            comment.submitter,
            "Uwaga do art. 1",
            "Nowe brzmienie",
            "Bo tak trzeba",
            "",
        ]
    ]


def test_a_member_of_another_body_cannot_comment(setup):
    with pytest.raises(services.NotAllowed, match="Tylko członkowie"):
        _comment(setup, setup.team.outsider_user)
    assert not Comment.objects.exists()


def test_nothing_is_submitted_before_the_opening_or_after_the_close(setup):
    setup.consultation.status = Consultation.Status.DRAFT
    setup.consultation.save()
    with pytest.raises(services.NotAllowed, match="nie zostały jeszcze otwarte"):
        _comment(setup)
    setup.consultation.status = Consultation.Status.OPEN
    setup.consultation.save()
    close(setup.consultation)
    with pytest.raises(services.NotAllowed, match="zakończyły się"):
        _comment(setup)
    assert not Comment.objects.exists()


def test_the_author_edits_until_the_close_then_nothing_changes(setup):
    comment = _comment(setup)
    services.edit_comment(comment, setup.team.member_user, text="Poprawiona uwaga")
    assert Comment.objects.get().text == "Poprawiona uwaga"
    close(setup.consultation)
    comment.refresh_from_db()
    closes = timezone.localtime(setup.consultation.closes_at)
    with pytest.raises(services.NotAllowed, match=f"{closes:%d.%m.%Y %H:%M}"):
        services.edit_comment(comment, setup.team.member_user, text="Za późno")
    with pytest.raises(services.NotAllowed):
        services.withdraw_comment(comment, setup.team.member_user)
    comment.refresh_from_db()
    assert comment.text == "Poprawiona uwaga" and comment.withdrawn_at is None
    assert comment.history.count() == 2  # created, edited once


def test_only_the_author_edits_or_withdraws(setup):
    comment = _comment(setup)
    for user in (setup.second_user, setup.team.office_user, setup.team.outsider_user):
        with pytest.raises(services.NotAllowed, match="Tylko autor"):
            services.edit_comment(comment, user, text="Cudza zmiana")
        with pytest.raises(services.NotAllowed, match="Tylko autor"):
            services.withdraw_comment(comment, user)
    assert Comment.objects.get().text == "Uwaga do art. 1"


def test_a_withdrawn_comment_leaves_the_table_and_can_be_restored_before_the_close(setup):
    comment = _comment(setup)
    services.withdraw_comment(comment, setup.team.member_user)
    assert services.table_rows(setup.consultation) == []
    assert setup.team.members[1] in services.non_responders(setup.consultation)
    services.restore_comment(comment, setup.team.member_user)
    assert len(services.table_rows(setup.consultation)) == 1


def test_the_office_enters_an_invited_institutions_comment(setup):
    comment = services.submit_comment(
        setup.consultation,
        setup.team.office_user,
        text="Uwaga starostwa",
        on_behalf_of="Starostwo Powiatowe w Sokółce",
    )
    assert comment.on_behalf and comment.author is None
    assert comment.submitter == "Starostwo Powiatowe w Sokółce"
    assert services.may_change(comment, setup.team.office_user)
    assert not services.may_change(comment, setup.team.member_user)
    with pytest.raises(services.NotAllowed):
        services.submit_comment(
            setup.consultation, setup.team.member_user, text="x", on_behalf_of="Ktoś"
        )


def test_after_the_close_the_office_answers_and_merges_duplicates(setup):
    first = _comment(setup)
    second = _comment(setup, setup.second_user, text="To samo co wyżej")
    close(setup.consultation)
    services.respond(first, "partly", "Uwzględniono w części.")
    services.respond(second, "accepted", "", duplicate_of=first)
    rows = services.table_rows(setup.consultation)
    assert rows[0][6] == "Uwzględniona częściowo. Uwzględniono w części."
    assert rows[1][6] == "Uwzględniona. Tożsama z uwagą nr 1."
    other = open_consultation(setup.team, title="Inna")
    foreign = _comment(Setup(setup.team, other, None, setup.poll, setup.second_user))  # type: ignore[arg-type]
    with pytest.raises(services.NotAllowed):
        services.respond(second, "accepted", duplicate_of=foreign)
    with pytest.raises(services.NotAllowed):
        services.respond(second, "accepted", duplicate_of=second)


def test_a_provision_of_another_draft_is_refused(setup):
    other = open_consultation(setup.team, title="Inna", status=Consultation.Status.DRAFT)
    foreign = services.add_provision(other, "§ 1")
    with pytest.raises(services.NotAllowed):
        services.submit_comment(
            setup.consultation, setup.team.member_user, text="x", provision=foreign
        )


def test_the_position_is_adopted_after_the_close_only(setup):
    with pytest.raises(services.NotAllowed):
        services.adopt_position(setup.consultation, "Stanowisko", None, "")
    close(setup.consultation)
    services.adopt_position(
        setup.consultation, "Zespół popiera projekt.", setup.team.meeting, "MRPiPS"
    )
    setup.consultation.refresh_from_db()
    assert setup.consultation.current_status == Consultation.Status.ADOPTED
    with pytest.raises(services.NotAllowed):
        services.respond(_first_or_new(setup), "accepted")


def _first_or_new(setup: Setup) -> Comment:
    return Comment.objects.create(consultation=setup.consultation, submitter="x", text="x")


def test_reminders_go_to_members_who_have_not_commented(setup, mailbox):
    _comment(setup)  # Anna Ślęzak has commented
    mailbox.refused.add("m2@example.org")
    sent, failed = services.send_reminders(setup.consultation, "https://lll.example.org")
    addressees = sorted(m["X-Rcpt-To"] for m in mailbox.messages)
    # Zofia (vice-chair), Anna Łukasiewicz and Anna Kowalska; m2 refused; m1 commented.
    assert addressees == ["m0@example.org", "m3@example.org", "zofia@example.org"]
    assert (sent, failed) == (3, 1)
    assert ReminderDelivery.objects.get(status="failed").email == "m2@example.org"
    body = mailbox.bodies()[0]
    assert "Wzmocnienie koordynacji LLL w regionach" in body
    assert f"https://lll.example.org/konsultacje/konsultacje/{setup.consultation.pk}/" in body
    subject = str(make_header(decode_header(mailbox.messages[0]["Subject"])))
    assert subject.startswith("Przypomnienie: uwagi do „Wzmocnienie koordynacji LLL")


def test_the_command_sends_the_due_reminders_once(setup, mailbox):
    call_command("send_consultation_reminders")
    assert mailbox.messages == []  # closes in 7 days, reminder 3 days before
    Consultation.objects.filter(pk=setup.consultation.pk).update(
        closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    call_command("send_consultation_reminders")
    assert len(mailbox.messages) == 5
    call_command("send_consultation_reminders")
    assert len(mailbox.messages) == 5
    assert list(services.reminders_due()) == []


def test_a_provision_without_comments_can_be_removed_the_others_are_renumbered(setup):
    draft = open_consultation(setup.team, title="Szkic", status=Consultation.Status.DRAFT)
    first = services.add_provision(draft, "art. 1")
    second = services.add_provision(draft, "art. 2")
    third = services.add_provision(draft, "art. 3")
    Comment.objects.create(consultation=draft, provision=first, submitter="x", text="x")
    with pytest.raises(services.NotAllowed, match="odnoszą się uwagi"):
        services.delete_provision(first)
    services.delete_provision(second)
    third.refresh_from_db()
    assert third.position == 2 and draft.provisions.count() == 2


@pytest.mark.parametrize("status", ["open", "closed", "adopted"])
def test_the_provisions_are_fixed_once_the_consultation_is_opened(setup, status):
    consultation = setup.consultation
    Consultation.objects.filter(pk=consultation.pk).update(status=status)
    consultation.refresh_from_db()
    extra = Provision.objects.create(consultation=consultation, position=2, label="art. 2")
    with pytest.raises(services.NotAllowed, match="tylko w szkicu"):
        services.add_provision(consultation, "art. 3")
    with pytest.raises(services.NotAllowed, match="tylko w szkicu"):
        services.delete_provision(extra)
    assert list(consultation.provisions.values_list("label", flat=True)) == [
        "art. 1 pkt 2",
        "art. 2",
    ]


def test_members_see_which_open_consultations_await_their_comments(setup):
    assert services.awaiting_comment(setup.team.member_user) == {setup.consultation.pk}
    _comment(setup)
    assert services.awaiting_comment(setup.team.member_user) == set()
    assert services.awaiting_comment(setup.team.outsider_user) == set()


def test_the_bodys_secretary_is_not_consulted_permanent_guests_are(setup):
    from lll.coordination.models import Membership

    day = datetime.date(2024, 1, 1)
    Membership.objects.create(
        body=setup.team.wzk, person=setup.team.guest, role="permanent_guest", term_from=day
    )
    Membership.objects.create(
        body=setup.team.wzk, person=setup.team.substitute, role="secretary", term_from=day
    )
    consulted = services.consulted_members(setup.consultation)
    assert setup.team.guest in consulted and setup.team.substitute not in consulted
    assert not services.may_comment(setup.consultation, setup.team.substitute)


def test_only_the_authors_edit_marks_a_comment_as_changed(setup):
    consultation = setup.consultation
    mine = services.submit_comment(consultation, setup.team.member_user, text="Pierwsza")
    other = services.submit_comment(consultation, setup.second_user, text="Druga")
    services.withdraw_comment(other, setup.second_user)
    services.restore_comment(other, setup.second_user)
    services.edit_comment(other, setup.second_user, text="Druga, poprawiona")
    close(consultation)
    services.respond(mine, "accepted", "Uwzględniono.")
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.edited_at is None and other.edited_at is not None
    page = logged_in(setup.team.office_user).get(consultation.get_absolute_url()).content.decode()
    first = page.split(f'id="comment-{mine.pk}"')[1].split("</article>")[0]
    second = page.split(f'id="comment-{other.pk}"')[1].split("</article>")[0]
    assert "zmieniona" not in first and "zmieniona" in second


def test_the_duplicate_choice_names_the_comment_number(setup):
    consultation = setup.consultation
    first = services.submit_comment(consultation, setup.team.member_user, text="Ta sama uwaga")
    second = services.submit_comment(consultation, setup.second_user, text="Ta sama uwaga")
    field: Any = ResponseForm(instance=second).fields["duplicate_of"]
    labels = [label for value, label in field.choices if value]
    assert len(labels) == 1 and labels[0].startswith("nr 1 — ")
    assert services.comment_numbers(consultation)[first.pk] == 1


def test_an_empty_response_is_not_reported_as_saved_and_a_withdrawn_comment_gets_none(setup):
    consultation = setup.consultation
    comment = services.submit_comment(consultation, setup.team.member_user, text="Uwaga")
    office = logged_in(setup.team.office_user)
    url = reverse("consultations:comment_respond", args=[comment.pk])
    page = office.post(
        url, {"response": "", "response_text": "", "duplicate_of": ""}, follow=True
    ).content.decode()
    assert "Zapisano odpowiedź" not in page and "bez odpowiedzi" in page
    services.withdraw_comment(comment, setup.team.member_user)
    page = office.get(url, follow=True).content.decode()
    assert "wycofana" in page and 'name="response_text"' not in page
    office.post(url, {"response": "accepted", "response_text": "Tak", "duplicate_of": ""})
    with pytest.raises(services.NotAllowed, match="wycofana"):
        services.respond(comment, "accepted", "Tak")
    comment.refresh_from_db()
    assert comment.response == ""


def _future_meeting(setup: Setup) -> Meeting:
    return Meeting.objects.create(
        body=setup.team.wzk, number=9, starts_at=timezone.now() + datetime.timedelta(days=30)
    )


def test_a_position_or_decision_comes_only_from_a_meeting_that_took_place(setup):
    future = _future_meeting(setup)
    consultation, poll = setup.consultation, setup.poll
    position: Any = PositionForm(instance=consultation).fields["position_meeting"]
    decision: Any = DecisionForm(instance=poll).fields["decision_meeting"]
    assert list(position.queryset) == list(decision.queryset) == [setup.team.meeting]
    close(consultation)
    with pytest.raises(services.NotAllowed, match="już się odbyło"):
        services.adopt_position(consultation, "Popieramy.", future, "")
    with pytest.raises(services.NotAllowed, match="nie odbyło"):
        services.record_decision(poll, "Finlandia.", future)
    services.adopt_position(consultation, "Popieramy.", setup.team.meeting, "")
    assert consultation.status == Consultation.Status.ADOPTED


def test_a_draft_cannot_jump_to_a_position_and_an_adopted_one_not_back_to_a_draft(setup):
    draft = open_consultation(setup.team, title="Szkic", status=Consultation.Status.DRAFT)
    with pytest.raises(services.NotAllowed, match="dopiero po zakończeniu"):
        services.adopt_position(draft, "Popieramy.", None, "")
    with pytest.raises(services.NotAllowed):
        services.set_status(draft, Consultation.Status.ADOPTED)
    with pytest.raises(services.NotAllowed):
        services.set_status(draft, Consultation.Status.CLOSED)
    draft.refresh_from_db()
    assert draft.status == Consultation.Status.DRAFT
    office = logged_in(setup.team.office_user)
    page = office.get(draft.get_absolute_url()).content.decode()
    assert "Przyjmij stanowisko" not in page
    options = re.findall(r'<option value="(\w+)"', page.split('id="id_status"')[1])
    assert options == ["draft", "open"]
    consultation = setup.consultation
    close(consultation)
    services.adopt_position(consultation, "Popieramy.", None, "")
    with pytest.raises(services.NotAllowed):
        services.set_status(consultation, Consultation.Status.DRAFT)
    with pytest.raises(services.NotAllowed):
        services.set_status(consultation, Consultation.Status.OPEN)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ADOPTED
    services.set_status(consultation, Consultation.Status.CLOSED)  # taken back to correct it
    assert consultation.status == Consultation.Status.CLOSED


def test_a_reminder_by_hand_leaves_the_automatic_one_and_a_repeat_needs_confirmation(
    setup, mailbox
):
    consultation = setup.consultation
    office = logged_in(setup.team.office_user)
    url = reverse("consultations:reminders_send", args=[consultation.pk])
    office.post(url)
    assert len(mailbox.messages) == 5
    consultation.refresh_from_db()
    assert consultation.scheduled_reminder_sent_at is None
    # The reminder period begins: the automatic reminder still goes, once.
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert list(services.reminders_due()) == [consultation]
    from django.core.management import call_command

    call_command("send_consultation_reminders")
    assert len(mailbox.messages) == 10
    assert list(services.reminders_due()) == []
    # A second sending by hand is not done without the confirmation.
    page = office.post(url, follow=True).content.decode()
    assert "już wysłano ręcznie" in page and len(mailbox.messages) == 10
    assert 'name="repeat"' in page and "Wysłać je ponownie" in page
    office.post(url, {"repeat": "1"})
    assert len(mailbox.messages) == 15
    sendings = services.reminder_sendings(consultation)
    assert [s.scheduled for s in sendings] in ([False, True, False], [False, False, True])
    assert ReminderDelivery.objects.filter(scheduled=True).count() == 5
    page = office.get(consultation.get_absolute_url()).content.decode()
    listed = page.split('id="reminder-sendings"')[1].split("</ul>")[0]
    assert listed.count("ręcznie") == 2 and listed.count("automatycznie") == 1


def test_the_reminder_lists_each_legal_act_on_its_own_line(setup):
    _subject, body = services.reminder_message(setup.consultation, "https://lll.example.org")
    assert (
        "Akty prawne, których dotyczy:\n"
        "- ustawa o samorządzie województwa\n"
        "- ustawa o instytucjach rynku pracy\n"
    ) in body
