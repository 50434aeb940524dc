"""Human names of content types, for the phase views, the report pack and the queue.

A type is named by its plugin's ``ContentType`` label, in the reader's language. Some
kinds of item are reported without being a declared type (an album, a whole glossary):
those show their code, made readable ("Gallery album").
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..state import get_state

CORE_TYPES = {"page": _l("Page"), "material": _l("Material")}


def type_label(type_name: str) -> str:
    """The content type's label (``"blog_post"`` -> "Blog post")."""
    if type_name in CORE_TYPES:
        return str(CORE_TYPES[type_name])
    declared = get_state().registries.content_types.by_name.get(type_name)
    if declared is not None:
        return str(declared.label)
    return type_name.replace("_", " ").capitalize()
