"""Official documents for the EZD: PDF/A-2b with every font embedded (checked with pikepdf), the
metadata file naming the case number, and a signed file (PAdES, signed here with pyHanko) read
back with its signer."""

import datetime
import json
import xml.etree.ElementTree as ET
from io import BytesIO

import pikepdf
import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader

from lll.consultations.tests.conftest import Setup
from lll.coordination import services as coordination
from lll.coordination.models import Minutes
from lll.coordination.tests.conftest import Team
from lll.publicoffice.models import SignedFile
from lll.testing import logged_in, make_user
from lll.vet.models import Opinion, OpinionRequest

pytestmark = pytest.mark.django_db


def approved_minutes(team: Team) -> Minutes:
    minutes = coordination.draft_minutes(team.meeting, team.office_user)
    coordination.approve_minutes(minutes, team.office_user)
    return minutes


def assert_pdfa_2b(content: bytes) -> None:
    with pikepdf.open(BytesIO(content)) as pdf:
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2"
            assert meta["pdfaid:conformance"] == "B"
        assert "/OutputIntents" in pdf.Root
        fonts = 0
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                fonts += 1
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
                assert descriptor is not None, font.get("/BaseFont")
                assert any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ), f"not embedded: {font.get('/BaseFont')}"
        assert fonts > 0


def test_minutes_leave_as_pdfa_with_metadata_naming_the_case_number(team: Team) -> None:
    minutes = approved_minutes(team)
    office = logged_in(team.office_user)
    base = f"/urzad/ezd/protokol/{minutes.pk}/"
    page = office.get(base)
    assert page.status_code == 200
    response = office.post(
        base, {"registry-case_number": "WUP-II.0012.3.2024", "registry-jrwa_class": "0012"}
    )
    assert response.status_code == 302
    pdf = office.get(base + "pdfa.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert_pdfa_2b(pdf.content)
    meta = json.loads(office.get(base + "metadane.json").content)
    assert meta["case_number"] == "WUP-II.0012.3.2024"
    assert meta["jrwa_class"] == "0012"
    assert meta["title"].startswith("Protokół")
    assert meta["date"] == minutes.dated.isoformat()
    xml = ET.fromstring(office.get(base + "metadane.xml").content)  # noqa: S314 - the system's own answer
    assert xml.find("{urn:lll:ezd-metadata:1}case_number").text == "WUP-II.0012.3.2024"
    # A member reads the minutes but is no registry clerk; a draft is no official document.
    assert logged_in(team.member_user).get(base).status_code == 403
    draft = coordination.new_minutes_version(minutes, team.office_user, "poprawka")
    assert office.get(f"/urzad/ezd/protokol/{draft.pk}/").status_code == 404


def test_the_wrrp_opinion_becomes_a_letter_to_the_school(vet_demo: None) -> None:
    item = OpinionRequest.objects.exclude(opinion=Opinion.PENDING).exclude(decided_on=None).first()
    assert item is not None
    clerk = logged_in(make_user("sekretarz", "wrrp_secretary"))
    base = f"/urzad/ezd/opinia/{item.pk}/"
    clerk.post(base, {"registry-case_number": "WUP-III.0022.7.2024", "registry-jrwa_class": "0022"})
    pdf = clerk.get(base + "pdfa.pdf").content
    assert_pdfa_2b(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "WUP-III.0022.7.2024" in text and item.occupation.name in " ".join(text.split())
    meta = json.loads(clerk.get(base + "metadane.json").content)
    assert meta["case_number"] == "WUP-III.0022.7.2024"
    assert item.school.name in meta["title"]
    pending = OpinionRequest.objects.filter(opinion=Opinion.PENDING).first()
    if pending is not None:
        assert clerk.get(f"/urzad/ezd/opinia/{pending.pk}/").status_code == 404


def certificate() -> tuple[bytes, bytes]:
    """A self-signed signing certificate made here (no network, no trust list)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Zofia Podpisująca"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "WUP w Białymstoku"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.DER), key_der


def sign(content: bytes) -> bytes:
    cert_der, key_der = certificate()
    cert = asn1_x509.Certificate.load(cert_der)
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )
    writer = IncrementalPdfFileWriter(BytesIO(content))
    out = signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name="Podpis", subfilter=SigSeedSubFilter.PADES),
        signer=signer,
    )
    return out.getvalue()


def test_a_signed_pdf_uploaded_back_shows_its_signer(team: Team) -> None:
    minutes = approved_minutes(team)
    office = logged_in(team.office_user)
    base = f"/urzad/ezd/protokol/{minutes.pk}/"
    signed = sign(office.get(base + "pdfa.pdf").content)
    upload = SimpleUploadedFile("protokol-podpisany.pdf", signed, content_type="application/pdf")
    response = office.post(base + "podpisany/", {"file": upload})
    assert response.status_code == 302
    stored = SignedFile.objects.get()
    assert "Zofia Podpisująca" in stored.signer
    assert stored.intact
    assert stored.signed_at is not None
    page = office.get(base).content.decode()
    assert "Zofia Podpisująca" in page
    assert "nie zweryfikowano online" in page or "not verified online" in page


def test_an_unsigned_or_tampered_file_is_refused_or_flagged(team: Team) -> None:
    minutes = approved_minutes(team)
    office = logged_in(team.office_user)
    base = f"/urzad/ezd/protokol/{minutes.pk}/"
    unsigned = office.get(base + "pdfa.pdf").content
    office.post(base + "podpisany/", {"file": SimpleUploadedFile("a.pdf", unsigned)})
    assert not SignedFile.objects.exists()
    signed = bytearray(sign(unsigned))
    # Change one byte inside the signed range (the first object's content), keep the length.
    at = signed.index(b"Protok") if b"Protok" in signed else 200
    signed[at + 1 : at + 2] = b"X"
    office.post(base + "podpisany/", {"file": SimpleUploadedFile("b.pdf", bytes(signed))})
    stored = SignedFile.objects.first()
    assert stored is None or not stored.intact


def test_the_list_of_documents_for_the_ezd_follows_the_permissions(team: Team) -> None:
    minutes = approved_minutes(team)
    office = logged_in(team.office_user).get("/urzad/ezd/").content.decode()
    assert f"/urzad/ezd/protokol/{minutes.pk}/" in office
    assert logged_in(team.member_user).get("/urzad/ezd/").status_code == 403


def test_the_comment_table_leaves_as_pdfa_with_its_case_number(setup: Setup) -> None:
    from lll.consultations import services as consultations

    consultations.submit_comment(setup.consultation, setup.team.member_user, text="Uwaga ogólna")
    office = logged_in(setup.team.office_user)
    base = f"/urzad/ezd/uwagi/{setup.consultation.pk}/"
    office.post(base, {"registry-case_number": "WUP-II.0022.1.2026", "registry-jrwa_class": "0022"})
    pdf = office.get(base + "pdfa.pdf").content
    assert_pdfa_2b(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Uwaga ogólna" in text
    meta = json.loads(office.get(base + "metadane.json").content)
    assert meta["case_number"] == "WUP-II.0022.1.2026"
    assert meta["document_type"] == "zestawienie uwag"


def test_the_fate_report_leaves_as_pdfa(vet_demo: None) -> None:
    cohort = OpinionRequest.objects.exclude(decided_on=None).first().decided_on.year
    clerk = logged_in(make_user("sekretarz", "wrrp_secretary"))
    base = f"/urzad/ezd/raport/{cohort}/"
    clerk.post(base, {"registry-case_number": "WUP-III.0023.2.2026", "registry-jrwa_class": "0023"})
    assert_pdfa_2b(clerk.get(base + "pdfa.pdf").content)
    meta = json.loads(clerk.get(base + "metadane.json").content)
    assert meta["case_number"] == "WUP-III.0023.2.2026"
    assert str(cohort) in meta["title"]
