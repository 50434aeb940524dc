"""The smallest JSON body an API operation's schema accepts, read from ``openapi.json``.

The API validates a body before its view asks ``can()``, so an empty body answers 422 to
everyone and would hide a missing permission check. The crawler sends instead the
smallest body of the right shape (required fields only, dummy values): those who may
not are then refused, and those who may get a 2xx, or a 4xx about the dummy values.
"""

from __future__ import annotations

import re
from typing import Any

Spec = dict[str, Any]


def openapi_path(rule: str) -> str:
    """``/projects/<slug>/pages/<int:page_id>`` -> ``/projects/{slug}/pages/{page_id}``."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def minimal_body(spec: Spec, rule: str, method: str) -> Any:
    """The body to send to ``method rule``: ``{}`` when the operation takes no JSON."""
    operation = spec["paths"].get(openapi_path(rule), {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return {} if schema is None else minimal(spec, schema)


def minimal(spec: Spec, schema: dict[str, Any]) -> Any:
    schema = resolved(spec, schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next(name for name in kind if name != "null")
    return BUILDERS[kind](spec, schema)


def resolved(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        return resolved(spec, schema["allOf"][0])
    return schema


def an_object(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties", {})
    return {
        name: minimal(spec, properties[name]) for name in schema.get("required", [])
    }


def an_array(spec: Spec, schema: dict[str, Any]) -> list[Any]:
    return [minimal(spec, schema.get("items", {}))] * schema.get("minItems", 0)


def a_string(_spec: Spec, schema: dict[str, Any]) -> str:
    return "x" * max(schema.get("minLength", 1), 1)


def a_number(_spec: Spec, schema: dict[str, Any]) -> int:
    return int(schema.get("minimum", 1))


BUILDERS = {
    "object": an_object,
    "array": an_array,
    "string": a_string,
    "integer": a_number,
    "number": a_number,
    "boolean": lambda _spec, _schema: False,
}
