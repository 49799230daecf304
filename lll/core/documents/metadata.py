"""The metadata file that goes with an official document to the office's EZD (electronic
document management): title, date, author, JRWA class, case number (znak sprawy), the file's
name, format and SHA-256. Written as JSON and as XML with the same fields; no public EZD
interface exists, so the registry clerk attaches both to the case."""

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass
from xml.etree import ElementTree as ET

NAMESPACE = "urn:lll:ezd-metadata:1"


@dataclass(frozen=True)
class DocumentMetadata:
    title: str
    date: datetime.date
    author: str
    creator: str  # the office that produced it
    jrwa_class: str
    case_number: str
    document_type: str
    filename: str
    sha256: str
    format: str = "application/pdf; PDF/A-2b"
    language: str = "pl"

    @classmethod
    def for_file(cls, content: bytes, **fields: object) -> "DocumentMetadata":
        return cls(sha256=hashlib.sha256(content).hexdigest(), **fields)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return data

    def to_json(self) -> bytes:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2).encode()

    def to_xml(self) -> bytes:
        ET.register_namespace("", NAMESPACE)
        root = ET.Element(f"{{{NAMESPACE}}}document")
        for key, value in self.as_dict().items():
            ET.SubElement(root, f"{{{NAMESPACE}}}{key}").text = value
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)
