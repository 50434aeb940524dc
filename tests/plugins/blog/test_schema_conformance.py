"""Schemathesis over the blog's operations, as a teacher and a pupil, with the blog on.

The core's suite (``tests/api/test_schema_conformance.py``) fuzzes every operation of
the document of an app with no plugins loaded, so it never sees the blog's. This runs
the same checks (no server error; status, content type, headers and body as documented;
invalid input refused) on the blog's operations, in a space with the blog switched on
and real blogs, posts and comments that path parameters are pointed at.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import schemathesis
from hypothesis import given
from schemathesis.checks import positive_data_acceptance

from etwincms.db import commit, utcnow
from etwincms.services import tokens
from tests.api.test_schema_conformance import EXAMPLES, isolated

from .conftest import BlogSpace

PREFIX = "/api/v1/projects/{slug}/blog/"


def seed(blog: BlogSpace, role: str) -> dict[str, Any]:
    """The caller's token and the ids of real things in the space."""
    diary = blog.make_blog(
        visibility="public",
        reflection_start=utcnow().date(),
        reflection_end=utcnow().date(),
    )
    bulletin = blog.make_blog("Bulletin", writer_roles=["admin", "teacher"])
    posts = [
        blog.write("pupil", diary, "Live"),
        blog.write("pupil", diary, "Draft", status="draft"),
        blog.write(
            "teacher",
            bulletin,
            "Later",
            status="scheduled",
            publish_at=utcnow() + timedelta(days=1),
        ),
    ]
    comment = blog.comment("pupil", posts[0])
    spare = [blog.write("teacher", bulletin, f"Spare {n}") for n in range(3)]
    _token, secret = tokens.create_token(
        blog.session, blog.user(role), name="fuzz", scopes=["read", "write"]
    )
    commit(blog.session)
    return {
        "secret": secret,
        "slug": blog.project.slug,
        "blog_id": [diary.id, bulletin.id],
        "post_id": [post.id for post in posts],
        "comment_id": [comment.id],
        "spare_post_id": [post.id for post in spare],
    }


def aim(case: Any, seeded: dict[str, Any]) -> None:
    """Most generated cases address the real space and objects; a few keep theirs."""
    params = case.path_parameters or {}
    if "slug" in params and hash(params["slug"]) % 8:
        params["slug"] = seeded["slug"]
    for name in ("blog_id", "post_id", "comment_id"):
        value = params.get(name)
        if isinstance(value, int) and value % 8:
            # Deleting takes spare posts, so the others stay for the operations after it.
            pool = "spare_post_id" if case.method.upper() == "DELETE" else name
            params[name] = seeded[pool][value % len(seeded[pool])]


def failures(app: Any, seeded: dict[str, Any]) -> dict[str, str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))
    failed: dict[str, str] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(PREFIX):
            continue

        @EXAMPLES
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            aim(case, seeded)
            case.call_and_validate(
                headers={"Authorization": f"Bearer {seeded['secret']}"},
                excluded_checks=[positive_data_acceptance],
            )

        try:
            fuzz()
        except Exception as error:  # every failing operation is reported
            failed[operation.label] = str(error)[:2000]
    return failed


def test_the_blog_operations_answer_as_documented_to_a_teacher(
    app: Any, blog: BlogSpace
) -> None:
    assert failures(app, seed(blog, "teacher")) == {}


def test_the_blog_operations_answer_as_documented_to_a_pupil(
    app: Any, blog: BlogSpace
) -> None:
    assert failures(app, seed(blog, "pupil")) == {}
