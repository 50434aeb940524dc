"""Extract, update and compile the message catalogues of the core and of each plugin.

``python -m etwincms.translations.tool`` (``make translations``) does all three: it
extracts the marked strings of a catalogue set's sources into ``messages.pot``, merges
them into every language's ``messages.po`` (new strings come empty, changed ones fuzzy,
English is the source and fills itself) and compiles each ``.po`` into its ``.mo``.
Translators then fill in the empty and fuzzy entries and run it again. The tests use
:func:`extract` to check that the catalogues hold every string the code has.
"""

from __future__ import annotations

import argparse
import copy
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
SOURCE_LANGUAGE = "en"
#: The languages etwincms ships complete catalogues for (English is the source).
LANGUAGES: tuple[str, ...] = ("en", "es", "de", "fr", "it", "pl")
DOMAIN = "messages"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("TRANSLATORS:",)
HEADER = {
    "project": "etwincms",
    "version": "1",
    "copyright_holder": "the etwincms contributors",
    "language_team": "etwincms translators",
}


@dataclass(frozen=True)
class CatalogueSet:
    """One package's catalogues: the folders its strings come from and where they go."""

    name: str
    sources: tuple[Path, ...]
    directory: Path

    def po_path(self, language: str) -> Path:
        return self.directory / language / "LC_MESSAGES" / f"{DOMAIN}.po"

    def mo_path(self, language: str) -> Path:
        return self.po_path(language).with_suffix(".mo")


def catalogue_sets(root: Path = ROOT) -> list[CatalogueSet]:
    """The core's set (its code and the bundled themes) and one per bundled plugin."""
    core = CatalogueSet(
        "etwincms",
        (root / "etwincms", root / "themes"),
        root / "etwincms" / "translations",
    )
    plugins = [
        CatalogueSet(package.name, (package,), package / "translations")
        for package in sorted((root / "plugins").glob("*/__init__.py"))
        for package in [package.parent]
    ]
    return [core, *plugins]


def extract(sources: Iterable[Path], config: Path = ROOT / "babel.cfg") -> Catalog:
    """A fresh template catalogue of every marked string in ``sources``."""
    with config.open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    template = Catalog(fuzzy=False, **HEADER)
    for source in sources:
        found = extract_from_dir(
            source,
            method_map,
            options_map,
            KEYWORDS,
            COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            location = (source.relative_to(source.parent) / filename).as_posix()
            template.add(
                message,
                None,
                [(location, lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def read_catalogue(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, fuzzy=False, **HEADER)
    with path.open("rb") as file:
        return read_po(file, locale=language)


def merged(template: Catalog, path: Path, language: str) -> Catalog:
    """The language's catalogue with the template's strings (new ones empty)."""
    catalogue = read_catalogue(path, language)
    # update() may keep the template's own Message objects: fill a copy, not them.
    catalogue.update(copy.deepcopy(template), update_header_comment=False)
    catalogue.obsolete.clear()
    if language == SOURCE_LANGUAGE:
        fill_source_language(catalogue)
    return catalogue


def fill_source_language(catalogue: Catalog) -> None:
    """English translates to itself: the msgid, and both forms of a plural."""
    for message in catalogue:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")


def write_catalogue(catalogue: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=96, include_lineno=False, sort_output=True)
    path.write_bytes(buffer.getvalue())


def compiled(po_path: Path, language: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file (fuzzy entries left out, as gettext does)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(po_path, language), use_fuzzy=False)
    return buffer.getvalue()


def update_set(catalogues: CatalogueSet) -> None:
    template = extract(catalogues.sources)
    template.creation_date = datetime(2026, 1, 1, tzinfo=UTC)  # no churn in the .pot
    write_catalogue(template, catalogues.directory / f"{DOMAIN}.pot")
    for language in LANGUAGES:
        path = catalogues.po_path(language)
        write_catalogue(merged(template, path, language), path)


def compile_set(catalogues: CatalogueSet) -> None:
    for language in LANGUAGES:
        path = catalogues.po_path(language)
        if path.exists():
            catalogues.mo_path(language).write_bytes(compiled(path, language))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--compile-only", action="store_true", help="only write the .mo files"
    )
    parser.add_argument("names", nargs="*", help="catalogue sets (default: all)")
    args = parser.parse_args(argv)
    for catalogues in catalogue_sets():
        if args.names and catalogues.name not in args.names:
            continue
        if not args.compile_only:
            update_set(catalogues)
        compile_set(catalogues)
        print(f"{catalogues.name}: {catalogues.directory.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
