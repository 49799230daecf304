"""RODO: the information clause of each purpose (art. 13) and the register of processing
activities built from the same rows (art. 30). Until the office writes its own, each purpose has
a default text naming the office from the settings."""

from django.conf import settings

from ..models import InformationClause, Purpose

# Per purpose: what is collected, from whom, on which basis, for how long (the office edits them).
DEFAULTS: dict[str, dict[str, str]] = {
    Purpose.ACCOUNTS: {
        "why": "prowadzenia kont użytkowników Regionalnego Systemu LLL",
        "legal_basis": "art. 6 ust. 1 lit. e RODO (zadanie realizowane w interesie publicznym)",
        "data_subjects": "użytkownicy systemu (pracownicy urzędu, członkowie ciał)",
        "data_categories": "imię, nazwisko, adres e-mail, login, historia logowań",
        "retention": "do usunięcia konta, a dane logowań przez 12 miesięcy",
    },
    Purpose.MEMBERS: {
        "why": "obsługi ciał dialogu (WZK, WRRP, sieci): składu, posiedzeń, zaproszeń i protokołów",
        "legal_basis": "art. 6 ust. 1 lit. c i e RODO w zw. z ustawą o rynku pracy",
        "data_subjects": "członkowie ciał, zastępcy, goście posiedzeń",
        "data_categories": "imię, nazwisko, stanowisko, instytucja, e-mail, telefon",
        "retention": "przez kadencję ciała, a protokoły zgodnie z JRWA (kat. A)",
    },
    Purpose.COMMENTS: {
        "why": "prekonsultacji projektów aktów prawnych (uwagi i odpowiedzi urzędu)",
        "legal_basis": "art. 6 ust. 1 lit. e RODO",
        "data_subjects": "członkowie ciał i instytucje zgłaszające uwagi",
        "data_categories": "imię, nazwisko, instytucja, treść uwagi",
        "retention": "5 lat od przyjęcia stanowiska",
    },
    Purpose.POLLS: {
        "why": "głosowań i ankiet ciał dialogu",
        "legal_basis": "art. 6 ust. 1 lit. e RODO",
        "data_subjects": "członkowie ciał uprawnieni do głosowania",
        "data_categories": "imię, nazwisko, oddany głos (w głosowaniu tajnym tylko fakt udziału)",
        "retention": "5 lat od zamknięcia głosowania",
    },
    Purpose.REPORTERS: {
        "why": "zbierania danych od instytucji partnerskich do monitoringu",
        "legal_basis": "art. 6 ust. 1 lit. e RODO",
        "data_subjects": "osoby raportujące w imieniu partnerów",
        "data_categories": "imię, nazwisko, instytucja, e-mail",
        "retention": "5 lat od przekazania danych",
    },
    Purpose.STUDY_VISITS: {
        "why": "organizacji wizyt studyjnych",
        "legal_basis": "art. 6 ust. 1 lit. b i e RODO",
        "data_subjects": "uczestnicy wizyt studyjnych",
        "data_categories": "imię, nazwisko, instytucja, e-mail, telefon",
        "retention": "5 lat od rozliczenia wizyty",
    },
}

SECURITY = (
    "Dostęp tylko dla zalogowanych użytkowników z uprawnieniami, szyfrowane połączenie (HTTPS), "
    "blokada po nieudanych logowaniach, kopie zapasowe, rejestr zmian."
)


def default_clause(purpose: str) -> InformationClause:
    """An unsaved clause with the default text of `purpose`."""
    facts = DEFAULTS[purpose]
    office = settings.LLL_OFFICE_NAME
    address = settings.LLL_OFFICE_ADDRESS
    text = (
        f"Administratorem Pani/Pana danych osobowych jest {office}, {address}. "
        f"Kontakt z inspektorem ochrony danych: iod@wup.example.\n"
        f"Dane przetwarzamy w celu {facts['why']}, na podstawie: {facts['legal_basis']}.\n"
        f"Odbiorcami danych mogą być podmioty obsługujące system na zlecenie urzędu oraz organy "
        f"uprawnione z mocy prawa. Dane nie są przekazywane do państw trzecich.\n"
        f"Dane przechowujemy {facts['retention']}.\n"
        "Ma Pani/Pan prawo dostępu do danych, ich sprostowania, usunięcia lub ograniczenia "
        "przetwarzania, sprzeciwu oraz skargi do Prezesa Urzędu Ochrony Danych Osobowych. "
        "Kopię swoich danych pobierze Pani/Pan w systemie: Konto → Moje dane."
    )
    return InformationClause(
        purpose=purpose,
        text=text,
        controller=f"{office}, {address}",
        dpo_contact="iod@wup.example",
        legal_basis=facts["legal_basis"],
        data_subjects=facts["data_subjects"],
        data_categories=facts["data_categories"],
        recipients="podmioty przetwarzające na zlecenie urzędu; organy uprawnione z mocy prawa",
        retention=facts["retention"],
        security=SECURITY,
    )


def clause(purpose: str) -> InformationClause:
    """The office's clause for `purpose`, or the default one (unsaved) if none is written."""
    stored = InformationClause.objects.filter(purpose=purpose).first()
    return stored or default_clause(purpose)


def clause_for(purpose: str) -> str:
    """The clause's text (the source registered with lll.core.privacy); "" for no such purpose."""
    if purpose not in Purpose.values:
        return ""
    return clause(purpose).text


def register() -> list[InformationClause]:
    """Every purpose's register entry, stored or default, in the order of the purposes."""
    return [clause(purpose) for purpose in Purpose.values]
