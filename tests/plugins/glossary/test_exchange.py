"""Export and import: TBX-Basic and CSV, checked for structure and round-tripped.

The TBX test reads the export with a plain XML parser and checks the TBX-Basic
structure (``martif`` root of type TBX-Basic, ``martifHeader`` with ``fileDesc``,
``text/body``, ``termEntry`` > ``langSet xml:lang`` > ``tig`` > ``term``, definitions on
the ``langSet``, examples as ``context`` in the ``tig``, categories as
``subjectField``), then imports the file into another space and compares everything.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from etwincms.db import commit
from etwincms.services import plugins as space_plugins
from etwincms.testing import Factory
from etwincms_glossary import csvfile, exchange, queries, tbx
from etwincms_glossary.records import FormatError
from etwincms_glossary.services import TermInput

from .conftest import Browser, GlossarySpace, text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_BASIC_ENTRY = {"descrip", "langSet", "note", "xref", "ref", "transacGrp", "admin"}


def fill(glossary: GlossarySpace) -> None:
    from etwincms_glossary import services

    services.create_concept(
        glossary.session,
        glossary.user("teacher"),
        glossary.project,
        category="Soil",
        terms={
            "en": TermInput(
                "compost", "Decayed organic matter.", "Compost feeds the soil."
            ),
            "es": TermInput("compostaje", "Materia orgánica descompuesta.", ""),
            "de": TermInput("Kompost", "", "Der Kompost ist fertig."),
        },
    )
    glossary.concept("pupil", en="=SUM(A1)", es="fórmula & <tag>")
    glossary.concept("pupil", en="seedling")
    commit(glossary.session)


def snapshot(glossary: GlossarySpace, project: Any = None) -> set[Any]:
    """Everything a glossary says, independent of ids, authors and order."""
    concepts = queries.all_concepts(
        glossary.session, glossary.user("site_admin"), project or glossary.project
    )
    return {
        (
            c.category,
            frozenset((t.language, t.text, t.definition, t.example) for t in c.terms),
        )
        for c in concepts
    }


def check_tbx_basic(data: bytes, title: str = "Test space") -> ET.Element:
    """Assert the TBX-Basic structure of ``data``; answer its ``body``."""
    root = ET.fromstring(data)  # noqa: S314  (our own export)
    assert root.tag == "martif"
    assert root.get("type") == "TBX-Basic"
    assert root.get(XML_LANG) == "en"
    header, body_text = list(root)
    assert header.tag == "martifHeader"
    assert header.find("fileDesc/titleStmt/title").text == title
    assert header.find("fileDesc/sourceDesc/p") is not None
    assert header.find("encodingDesc/p").get("type") == "XCSURI"
    assert body_text.tag == "text"
    (body,) = list(body_text)
    assert body.tag == "body"
    for entry in body:
        assert entry.tag == "termEntry"
        assert entry.get("id")
        assert {child.tag for child in entry} <= TBX_BASIC_ENTRY
        for lang_set in entry.findall("langSet"):
            assert lang_set.get(XML_LANG)
            assert {c.tag for c in lang_set} <= {"descrip", "tig", "note"}
            for descrip in lang_set.findall("descrip"):
                assert descrip.get("type") == "definition"
            (tig,) = lang_set.findall("tig")
            assert tig[0].tag == "term" and tig[0].text
            assert {c.get("type") for c in tig.findall("descrip")} <= {"context"}
    return body


def test_the_tbx_export_has_the_tbx_basic_structure(
    browser: Browser, glossary: GlossarySpace
) -> None:
    fill(glossary)
    browser.login("observer")
    response = browser.get("/export.tbx")
    assert response.mimetype == "application/x-tbx+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    body = check_tbx_basic(response.data)
    assert len(body) == 3
    compost = next(e for e in body if e.find("descrip").text == "Soil")
    assert [ls.get(XML_LANG) for ls in compost.findall("langSet")] == ["en", "es", "de"]
    english = compost.find("langSet")
    assert english.find("descrip[@type='definition']").text == "Decayed organic matter."
    assert english.find("tig/term").text == "compost"
    assert (
        english.find("tig/descrip[@type='context']").text == "Compost feeds the soil."
    )


def another_space(glossary: GlossarySpace, make: Factory) -> Any:
    project = make.space(glossary.user("admin"), title="Second space")
    project.languages = ["en", "es", "de"]
    space_plugins.enable_plugin(
        glossary.session, glossary.user("admin"), project, "glossary"
    )
    commit(glossary.session)
    return project


@pytest.mark.parametrize("kind", ["tbx", "csv"])
def test_an_export_imported_into_another_space_loses_nothing(
    browser: Browser, glossary: GlossarySpace, make: Factory, kind: str
) -> None:
    fill(glossary)
    target = another_space(glossary, make)
    browser.login("admin")
    exported = browser.get(f"/export.{kind}").data
    url = f"/s/{target.slug}/-/glossary/import"
    response = browser.client.post(
        url,
        data={
            "csrf_token": browser.token(),
            "file": (io.BytesIO(exported), f"g.{kind}"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert snapshot(glossary, target) == snapshot(glossary)
    again = browser.client.post(
        url,
        data={
            "csrf_token": browser.token(),
            "file": (io.BytesIO(exported), f"g.{kind}"),
        },
        content_type="multipart/form-data",
    )
    assert again.status_code == 302  # importing twice changes nothing
    assert snapshot(glossary, target) == snapshot(glossary)


def test_tbx_round_trips_through_records() -> None:
    records = [
        exchange.Record("Water", {"en": TermInput("drip line", "A hose.", "Lay it.")}),
        exchange.Record("", {"es": TermInput("riego"), "nl": TermInput("irrigatie")}),
    ]
    assert tbx.parse(tbx.export(records, title="T", language="en")) == records


def test_tbx_3_and_ntig_files_are_read() -> None:
    tbx3 = b"""<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
 <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
 <text><body><conceptEntry id="1">
  <langSec xml:lang="en"><termSec><term>hoe</term></termSec></langSec>
  <langSec xml:lang="es"><termSec><term>azada</term>
   <descrip type="context">Con la azada.</descrip></termSec></langSec>
 </conceptEntry></body></text></tbx>"""
    ntig = b"""<martif type="TBX"><martifHeader/><text><body><termEntry>
  <langSet xml:lang="de"><ntig><termGrp><term>Hacke</term></termGrp></ntig></langSet>
 </termEntry></body></text></martif>"""
    assert [r.terms for r in tbx.parse(tbx3)] == [
        {"en": TermInput("hoe"), "es": TermInput("azada", "", "Con la azada.")}
    ]
    assert [r.terms for r in tbx.parse(ntig)] == [{"de": TermInput("Hacke")}]


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><martif>&a;</martif>',
        b"<martif><unclosed></martif>",
        b"<html><body/></html>",
        "<martif>caf\xe9</martif>".encode("latin-1"),
    ],
)
def test_unsafe_or_foreign_xml_is_refused(data: bytes) -> None:
    with pytest.raises(FormatError):
        tbx.parse(data)


def test_csv_reads_semicolons_a_byte_order_mark_and_defuses_formulas() -> None:
    data = "\ufeffcategory;en;es;definition:en\nSoil;compost;compostaje;Decayed\n"
    (record,) = csvfile.parse(data.encode("utf-8"))
    assert record.category == "Soil"
    assert record.terms["en"] == TermInput("compost", "Decayed", "")
    exported = csvfile.export([exchange.Record("", {"en": TermInput("=1+1")})], ["en"])
    assert "'=1+1" in exported
    assert csvfile.parse(exported.encode())[0].terms["en"].text == "=1+1"
    with pytest.raises(FormatError):
        csvfile.parse(b"name,value\nx,y\n")


def test_import_skips_languages_the_space_does_not_use_and_says_so(
    browser: Browser, glossary: GlossarySpace
) -> None:
    browser.login("teacher")
    response = browser.post(
        "/import",
        {"file": (io.BytesIO(b"en,fr\nhoe,houe\n"), "t.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = text(browser.get("/"))
    assert "languages this space does not use: fr." in page
    assert "houe" not in page
    assert snapshot(glossary) == {("", frozenset({("en", "hoe", "", "")}))}


def test_a_bad_file_shows_the_form_again_with_the_reason(
    browser: Browser, glossary: GlossarySpace
) -> None:
    browser.login("teacher")
    response = browser.post(
        "/import",
        {"file": (io.BytesIO(b"<martif><oops></martif>"), "t.tbx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "not well-formed XML" in text(response)
