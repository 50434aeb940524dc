"""What the blog declares at start-up: its capabilities, settings and content types.

Kept apart from ``__init__`` so the hook implementations there stay one line each. The
default roles follow the TwinSpace: every member reads and comments (observers too, as
invited experts), pupils and teachers write where a blog lets their role post, teachers
moderate comments and set the blogs up. Who may post is also decided per blog (its
``writer_roles``), through the ``check_permission`` hook in :mod:`.policy`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from etwincms.hooktypes import ContentType, Permission, SettingSpec

EVERY_ROLE = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
STAFF = frozenset({"admin", "teacher"})
WRITERS = frozenset({"admin", "teacher", "pupil_lead", "pupil"})


def permissions() -> list[Permission]:
    return [
        Permission("blog.view", _l("Read the space's blogs"), EVERY_ROLE),
        Permission(
            "blog.post",
            _l("Write blog posts, where a blog lets the role post"),
            WRITERS,
            writes=True,
        ),
        Permission(
            "blog.comment", _l("Comment on blog posts"), EVERY_ROLE, writes=True
        ),
        Permission(
            "blog.moderate",
            _l(
                "Approve and hide comments, edit or unpublish any post, follow reflections"
            ),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
        Permission(
            "blog.manage",
            _l("Create blogs and set who writes, who reads and the reflection dates"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "posts_per_page",
            _l("Posts per page"),
            "int",
            10,
            help=_l("How many posts a blog shows on one page."),
            minimum=3,
            maximum=50,
        ),
        SettingSpec(
            "moderate_pupil_comments",
            _l("Hold pupils' comments for a teacher"),
            "bool",
            True,
            help=_l("Comments by pupils are shown once a teacher approves them."),
        ),
    ]


def content_types() -> list[ContentType]:
    return [ContentType("blog_post", _l("Blog post"), view_capability="blog.view")]
