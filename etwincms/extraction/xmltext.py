"""Text from office XML with expat, streamed, and with DTDs and entities refused.

Office documents never carry a DTD, so any ``<!DOCTYPE`` or entity declaration is
refused outright: no entity expansion ("billion laughs"), no external entities. Each
format is a :class:`Vocabulary`: which elements hold text and which mark breaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from .errors import UNSAFE_XML, Refused
from .sink import TextSink

SPACES_CAP = 64  # ODF's <text:s c="..."/>: a few spaces, never millions


@dataclass(frozen=True)
class Vocabulary:
    """Element local names (in ``namespaces``) that matter for one format's text."""

    namespaces: frozenset[str]
    #: Character data counts inside these elements (and inside their children).
    text: frozenset[str]
    #: What to add when one of these elements starts (tabs, line breaks).
    starts: Mapping[str, str] = field(default_factory=dict)
    #: What to add when one of these elements ends (paragraphs).
    ends: Mapping[str, str] = field(default_factory=dict)
    #: ODF's run of spaces, with its count in the attribute ``c``.
    spaces: str | None = None


WORD = Vocabulary(
    namespaces=frozenset(
        {
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://purl.oclc.org/ooxml/wordprocessingml/main",
        }
    ),
    text=frozenset({"t"}),
    starts={"tab": "\t", "br": "\n", "cr": "\n"},
    ends={"p": "\n"},
)
DRAWING = Vocabulary(
    namespaces=frozenset(
        {
            "http://schemas.openxmlformats.org/drawingml/2006/main",
            "http://purl.oclc.org/ooxml/drawingml/main",
        }
    ),
    text=frozenset({"t"}),
    starts={"br": "\n"},
    ends={"p": "\n"},
)
ODF_TEXT = Vocabulary(
    namespaces=frozenset({"urn:oasis:names:tc:opendocument:xmlns:text:1.0"}),
    text=frozenset({"p", "h"}),
    starts={"tab": "\t", "line-break": "\n"},
    ends={"p": "\n", "h": "\n"},
    spaces="s",
)


class TextHandler:
    """Expat callbacks that feed a :class:`TextSink` following a :class:`Vocabulary`."""

    def __init__(self, vocabulary: Vocabulary, sink: TextSink) -> None:
        self.vocabulary = vocabulary
        self.sink = sink
        self.depth = 0  # how many text elements we are inside

    def local(self, name: str) -> str | None:
        namespace, _, local = name.rpartition(" ")
        return local if namespace in self.vocabulary.namespaces else None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = self.local(name)
        if local is None:
            return
        if local in self.vocabulary.text:
            self.depth += 1
        if local in self.vocabulary.starts:
            self.sink.add(self.vocabulary.starts[local])
        elif local == self.vocabulary.spaces:
            self.sink.add(" " * spaces_count(attributes))

    def end(self, name: str) -> None:
        local = self.local(name)
        if local is None:
            return
        if local in self.vocabulary.text:
            self.depth -= 1
        if local in self.vocabulary.ends:
            self.sink.add(self.vocabulary.ends[local])

    def data(self, text: str) -> None:
        if self.depth > 0:
            self.sink.add(text)


def spaces_count(attributes: dict[str, str]) -> int:
    raw = next((v for k, v in attributes.items() if k.endswith(" c")), "1")
    return min(int(raw), SPACES_CAP) if raw.isdigit() else 1


def safe_parser(handler: TextHandler) -> Any:
    """An expat parser with namespaces that refuses DTDs and entities of any kind."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def refuse(*_args: Any) -> None:
    raise Refused(UNSAFE_XML)
