"""Fixtures for the invoices (samen.invoicing): the demo (it has a cost per FTE for 2027), and the e-invoice validators.

The validators read the official artefacts in ../shared/einvoice/ (its README.md): the UBL 2.1 XSD with lxml and
the SI-UBL 2.0 schematron (XSLT 2.0) with saxonche, compiled once per test session.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

EINVOICE = Path(__file__).resolve().parents[2].parent / "shared" / "einvoice"
SVRL = "http://purl.oclc.org/dsdl/svrl"
AS_OF = date(2027, 1, 15)  # the day 2027's invoices are made in the tests
COST_PER_FTE_2027 = {"fact": "cost-per-fte", "year": 2027, "amount": "104498.65"}


class Validator:
    """The XSDs (Invoice and CreditNote) and the compiled SI-UBL 2.0 XSLT."""

    def __init__(self) -> None:
        from lxml import etree
        from saxonche import PySaxonProcessor

        maindoc = EINVOICE / "ubl-2.1" / "xsd" / "maindoc"
        self.schemas = {
            "Invoice": etree.XMLSchema(etree.parse(str(maindoc / "UBL-Invoice-2.1.xsd"))),
            "CreditNote": etree.XMLSchema(etree.parse(str(maindoc / "UBL-CreditNote-2.1.xsd"))),
        }
        self.processor = PySaxonProcessor(license=False)
        self.xslt = self.processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(EINVOICE / "si-ubl-2.0" / "si-ubl-2.0.xsl")
        )

    def schema_errors(self, xml: bytes) -> list[str]:
        from lxml import etree

        tree = etree.fromstring(xml)
        schema = self.schemas[etree.QName(tree).localname]
        return [] if schema.validate(tree) else [str(e) for e in schema.error_log]

    def fatal_asserts(self, xml: bytes) -> list[str]:
        """Every `svrl:failed-assert` with flag="fatal": its id and text."""
        from lxml import etree

        node = self.processor.parse_xml(xml_text=xml.decode("utf-8"))
        report = self.xslt.transform_to_string(xdm_node=node)
        svrl = etree.fromstring(report.encode("utf-8"))
        return [
            f"{a.get('id')}: {' '.join(a.itertext()).strip()}" for a in svrl.iter(f"{{{SVRL}}}failed-assert") if a.get("flag") == "fatal"
        ]


@pytest.fixture(scope="session")
def einvoice() -> Validator:
    if not (EINVOICE / "si-ubl-2.0" / "si-ubl-2.0.xsl").exists():
        pytest.fail(f"the e-invoice artefacts are missing: {EINVOICE}")
    return Validator()


@pytest.fixture
def agreement2027(demo):
    """The demo, which records a cost per FTE for 2027 (an example figure, with its source document): the year the
    issue's invoices are made for."""
    from samen.records.models import RecordedFact

    fact = RecordedFact.objects.get(agreement=demo, kind="cost-per-fte", payload__year=2027, correction__isnull=True)
    assert fact.payload == COST_PER_FTE_2027
    return demo


@pytest.fixture
def invoices2027(agreement2027):
    from samen.invoicing import services

    return services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=AS_OF)
