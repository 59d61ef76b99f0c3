"""Benchmark the invoices: create the 15 annual invoices of 2027 from the rules, then validate each one's SI-UBL 2.0
XML against the UBL 2.1 XSD and the SI-UBL 2.0 schematron; beside it, the time to compile the schematron once.

Uses a fresh SQLite database in a temporary directory (migrated, the agreement and the demo loaded; the demo has
a cost per FTE for 2027) and the artefacts in ../shared/einvoice/. Each run creates the invoices in a transaction that
is rolled back afterwards, so every run creates the same 15.

Run from the project root:  .venv/bin/python bench/bench_invoices.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EINVOICE = ROOT.parent / "shared" / "einvoice"
SVRL = "{http://purl.oclc.org/dsdl/svrl}failed-assert"


class Rollback(Exception):
    pass


def setup_database(tmp: str) -> object:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from samen import demo
    from samen.agreements.services import load_definition

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the shared cache of the rules' answers (records.answers)
    agreement = load_definition(actor="system:bench", slug="twente-vth-2024")
    demo.load(agreement=agreement)
    return agreement


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from lxml import etree
    from saxonche import PySaxonProcessor

    with tempfile.TemporaryDirectory() as tmp:
        agreement = setup_database(tmp)
        from django.db import transaction

        from samen.invoicing import services, ubl

        t = time.perf_counter()
        processor = PySaxonProcessor(license=False)
        xslt = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(EINVOICE / "si-ubl-2.0" / "si-ubl-2.0.xsl"))
        compile_s = time.perf_counter() - t
        t = time.perf_counter()
        xsd = etree.XMLSchema(etree.parse(str(EINVOICE / "ubl-2.1" / "xsd" / "maindoc" / "UBL-Invoice-2.1.xsd")))
        xsd_s = time.perf_counter() - t
        create, validate = [], []
        for _ in range(args.runs):
            try:
                with transaction.atomic():
                    t = time.perf_counter()
                    docs = services.create_for_year(actor=None, agreement=agreement, year=2027, as_of=date(2027, 1, 15)).created
                    create.append(time.perf_counter() - t)
                    assert len(docs) == 15, len(docs)
                    t = time.perf_counter()
                    for d in docs:
                        xml = ubl.to_xml(d)
                        assert xsd.validate(etree.fromstring(xml)), xsd.error_log
                        report = xslt.transform_to_string(xdm_node=processor.parse_xml(xml_text=xml.decode("utf-8")))
                        fatal = [a for a in etree.fromstring(report.encode()).iter(SVRL) if a.get("flag") == "fatal"]
                        assert not fatal, d.number
                    validate.append(time.perf_counter() - t)
                    raise Rollback
            except Rollback:
                pass
    print(f"compile the SI-UBL 2.0 schematron (XSLT) once: {compile_s * 1000:.0f} ms; load the UBL 2.1 XSD once: {xsd_s * 1000:.0f} ms")
    print(f"create the 15 invoices of 2027 (median of {args.runs}): {statistics.median(create) * 1000:.0f} ms")
    print(f"build and validate their XML, XSD + schematron (median of {args.runs}): {statistics.median(validate) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
