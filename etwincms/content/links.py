"""Find what rendered page HTML points at inside its own space: pages and materials.

Wiki links render to a page's stable ``/s/<slug>/-/id/<id>`` address and inserted files
to ``/s/<slug>/-/materials/<id>/...``, so both are read back from the sanitized HTML
(whatever syntax produced them) rather than from the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class References:
    page_ids: frozenset[int]
    material_ids: frozenset[int]


def find_references(html: str, slug: str) -> References:
    """The page and material ids that ``html`` links or embeds within space ``slug``."""
    prefix = rf'(?:href|src)="(?:https?://[^/"]+)?/s/{re.escape(slug)}/-/'
    pages = re.findall(prefix + r'id/(\d+)(?=["#?/])', html)
    materials = re.findall(prefix + r'materials/(\d+)(?=["#?/])', html)
    return References(frozenset(map(int, pages)), frozenset(map(int, materials)))
