"""The API reference as one server-rendered page, built from the live OpenAPI document.

``/api/v1/docs`` lists, per tag, every operation (method, path, summary, parameters,
request body, responses) and then every schema with its fields, linking schema names to
their definitions. It is plain HTML from the theme: no JavaScript, nothing fetched from
another site, so it works offline and with a screen reader. Because it reads the same
document as ``/api/v1/openapi.json``, plugins' resources appear in it as soon as they are
mounted, and the page can never describe an API that is not there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("api_reference", __name__)

METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
REF = "#/components/"


@dataclass(frozen=True, slots=True)
class Shape:
    """A value's type as shown: ``text`` or a link to schema ``ref``, maybe in a list."""

    text: str
    ref: str | None = None
    nullable: bool = False
    array: bool = False

    @property
    def link(self) -> str | None:
        """The id of the referenced schema's section on the page."""
        return anchor("schema", self.ref) if self.ref else None


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str
    required: bool
    shape: Shape
    description: str


@dataclass(frozen=True, slots=True)
class Reply:
    status: str
    description: str
    media_type: str | None
    shape: Shape | None


@dataclass(frozen=True, slots=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    body: Shape | None
    replies: list[Reply]


@dataclass(slots=True)
class Tag:
    name: str
    description: str
    anchor: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    required: bool
    shape: Shape
    description: str


@dataclass(frozen=True, slots=True)
class SchemaDoc:
    name: str
    anchor: str
    description: str
    fields: list[Field]


@bp.get("/api/v1/docs")
def reference() -> ResponseReturnValue:
    """The whole API on one page."""
    spec = current_app.extensions["etwincms_api"].spec.to_dict()
    return render_template(
        "api/reference.html",
        info=spec.get("info", {}),
        tags=tags_of(spec),
        schemas=schemas_of(spec),
    )


def anchor(prefix: str, *words: str) -> str:
    """An id made of ``prefix`` and ``words``: letters, digits and dashes only."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", " ".join(words)).strip("-")
    return f"{prefix}-{slug}"


def schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


# -- operations ----------------------------------------------------------------------


def tags_of(spec: Mapping[str, Any]) -> list[Tag]:
    """Tags in the document's order, each with its operations in path order."""
    tags = {
        tag["name"]: Tag(
            tag["name"], tag.get("description", ""), anchor("tag", tag["name"])
        )
        for tag in spec.get("tags", [])
    }
    for path, item in spec.get("paths", {}).items():
        for method in (m for m in METHODS if m in item):
            # Under its first tag only, so each operation has one place and one id.
            name = (item[method].get("tags") or ["other"])[0]
            tags.setdefault(name, Tag(name, "", anchor("tag", name)))
            tags[name].operations.append(operation_of(spec, path, method, item))
    return [tag for tag in tags.values() if tag.operations]


def operation_of(
    spec: Mapping[str, Any], path: str, method: str, item: Mapping[str, Any]
) -> Operation:
    found = item[method]
    summary, _, rest = (found.get("summary") or "").partition("\n")
    return Operation(
        anchor=anchor("op", method, path),
        method=method.upper(),
        path=path,
        summary=summary,
        description=(found.get("description") or rest).strip(),
        # Parameters of the path (its variables) apply to every method on it.
        parameters=[
            parameter_of(p)
            for p in (*item.get("parameters", ()), *found.get("parameters", ()))
        ],
        body=body_of(found.get("requestBody")),
        replies=replies_of(spec, found.get("responses", {})),
    )


def parameter_of(found: Mapping[str, Any]) -> Parameter:
    return Parameter(
        name=found["name"],
        location=found["in"],
        required=bool(found.get("required")),
        shape=shape_of(found.get("schema", {})),
        description=found.get("description", ""),
    )


def body_of(found: Mapping[str, Any] | None) -> Shape | None:
    if not found:
        return None
    media = next(iter(found.get("content", {}).values()), {})
    return shape_of(media.get("schema", {}))


def replies_of(spec: Mapping[str, Any], found: Mapping[str, Any]) -> list[Reply]:
    """Answers by status code, ``default`` last; shared ones are looked up."""
    order = sorted(found, key=lambda code: (code == "default", code))
    return [reply_of(code, resolve(spec, found[code])) for code in order]


def reply_of(status: str, found: Mapping[str, Any]) -> Reply:
    media_type, media = next(iter(found.get("content", {}).items()), (None, {}))
    schema = media.get("schema")
    return Reply(
        status=status,
        description=found.get("description", ""),
        media_type=media_type,
        shape=shape_of(schema) if schema else None,
    )


def resolve(spec: Mapping[str, Any], found: Mapping[str, Any]) -> Mapping[str, Any]:
    """``{"$ref": "#/components/responses/X"}`` as the response it names."""
    ref = found.get("$ref")
    if not ref or not ref.startswith(REF):
        return found
    kind, _, name = ref[len(REF) :].partition("/")
    return spec.get("components", {}).get(kind, {}).get(name, {})


# -- types and schemas ---------------------------------------------------------------


def shape_of(schema: Mapping[str, Any]) -> Shape:
    """How a JSON Schema reads: ``Page``, ``array of Page``, ``string (date)``..."""
    nullable = bool(schema.get("nullable"))
    if "$ref" in schema:
        return Shape("", schema_name(schema["$ref"]), nullable)
    choices = [
        *schema.get("allOf", ()),
        *schema.get("anyOf", ()),
        *schema.get("oneOf", ()),
    ]
    if choices:
        return shape_of_choices(choices, nullable)
    if schema.get("type") == "array":
        inner = shape_of(schema.get("items", {}))
        if inner.array:  # rare enough to show as JSON Schema words
            return Shape(f"array of array of {inner.text}", inner.ref, nullable)
        return Shape(inner.text, inner.ref, nullable, array=True)
    return Shape(scalar_text(schema), None, nullable)


def shape_of_choices(choices: Iterable[Mapping[str, Any]], nullable: bool) -> Shape:
    """marshmallow writes a nullable nested schema as ``anyOf: [null object, $ref]``."""
    shapes = [shape_of(choice) for choice in choices]
    nullable = nullable or any(shape.nullable for shape in shapes)
    named = [shape for shape in shapes if shape.ref]
    if len(named) == 1:
        return Shape(named[0].text, named[0].ref, nullable, named[0].array)
    texts = (shape.ref or shape.text for shape in shapes)
    return Shape(" | ".join(texts), None, nullable)


def scalar_text(schema: Mapping[str, Any]) -> str:
    text = str(schema.get("type", "any"))
    if "format" in schema:
        text += f" ({schema['format']})"
    if "enum" in schema:
        text += ": " + ", ".join(str(value) for value in schema["enum"])
    return text


def schemas_of(spec: Mapping[str, Any]) -> list[SchemaDoc]:
    found = spec.get("components", {}).get("schemas", {})
    return [schema_doc(name, found[name]) for name in sorted(found)]


def schema_doc(name: str, schema: Mapping[str, Any]) -> SchemaDoc:
    required = set(schema.get("required", ()))
    return SchemaDoc(
        name=name,
        anchor=anchor("schema", name),
        description=schema.get("description", ""),
        fields=[
            Field(key, key in required, shape_of(value), value.get("description", ""))
            for key, value in schema.get("properties", {}).items()
        ],
    )
