"""Every web action of partner finding, by who asks.

Actors: an anonymous visitor, a pupil, a staff member (an adult who is not a teacher),
"ana" (a teacher: author of the post, founder of the listed space, in the thread),
"lena" (a teacher of another school, discoverable, in the thread) and a site
administrator. Anonymous visitors are sent to sign in (302); pupils are refused
everything (403); staff may browse but not post, write or keep a profile; only site
administrators handle reports; nobody reads a thread they are not in (404), site
administrators included; nor a saved search or a space's listing that is not theirs.
Writing to oneself is refused as invalid (422), and so are posts and profiles of a site
administrator who is not a teacher (only teachers' are ever listed). Anonymous posts get
401 (the core's answer to a write without a session), anonymous reads the sign-in page.
"""

from __future__ import annotations

from typing import Any

from .conftest import PartnersSite

ACTORS = ("anon", "pupil", "staff", "ana", "lena", "root")
POST_FORM = {"topic": "Bees", "partnership_type": "ka2", "looking_for": "school"}
# method, path, form, expected status per actor (in the order of ACTORS)
ACTIONS: list[tuple[str, str, dict[str, str] | None, tuple[int, ...]]] = [
    ("GET", "/", None, (302, 403, 200, 200, 200, 200)),
    ("GET", "/?kind=people&language=en", None, (302, 403, 200, 200, 200, 200)),
    ("GET", "/posts/new", None, (302, 403, 403, 200, 200, 200)),
    ("POST", "/posts/new", POST_FORM, (401, 403, 403, 302, 302, 422)),
    ("GET", "/posts/{post}", None, (302, 403, 200, 200, 200, 200)),
    ("GET", "/posts/{post}/edit", None, (302, 403, 403, 200, 403, 200)),
    ("POST", "/posts/{post}/edit", POST_FORM, (401, 403, 403, 302, 403, 302)),
    ("POST", "/posts/{post}/reply", {"body": "Hi"}, (401, 403, 403, 422, 302, 302)),
    ("GET", "/profile", None, (302, 403, 403, 200, 200, 200)),
    ("POST", "/profile", {"subjects": "art", "discoverable": "on"}, (401, 403, 403, 302, 302, 422)),
    ("GET", "/school", None, (302, 403, 403, 200, 200, 422)),
    ("POST", "/school", {"languages": "es"}, (401, 403, 403, 302, 302, 422)),
    ("GET", "/schools/{school}", None, (302, 403, 200, 200, 200, 200)),
    ("GET", "/people/{lena}", None, (302, 403, 200, 200, 200, 200)),
    ("POST", "/people/{lena}/message", {"body": "Hi"}, (401, 403, 403, 302, 422, 302)),
    ("GET", "/spaces/{slug}", None, (302, 403, 200, 200, 200, 200)),
    ("POST", "/spaces/{slug}/contact", {"body": "Hi"}, (401, 403, 403, 422, 302, 302)),
    ("GET", "/spaces/{slug}/listing", None, (302, 404, 404, 200, 404, 200)),
    ("POST", "/spaces/{slug}/listing", {"listed": "on"}, (401, 404, 404, 302, 404, 302)),
    ("GET", "/inbox", None, (302, 403, 403, 200, 200, 200)),
    ("GET", "/inbox/{thread}", None, (302, 404, 404, 200, 200, 404)),
    ("POST", "/inbox/{thread}", {"body": "Hi"}, (401, 404, 404, 302, 302, 404)),
    ("POST", "/messages/{message}/report", {"reason": "x"}, (401, 404, 404, 302, 422, 404)),
    ("GET", "/reports", None, (302, 403, 403, 403, 403, 200)),
    ("POST", "/reports/{report}", {"action": "dismiss"}, (401, 403, 403, 403, 403, 302)),
    ("GET", "/saved", None, (302, 403, 200, 200, 200, 200)),
    ("POST", "/saved", {"kind": "posts", "name": "S"}, (401, 403, 302, 302, 302, 302)),
    ("GET", "/saved/{saved}", None, (302, 404, 404, 404, 302, 404)),
    ("POST", "/saved/{saved}/delete", None, (401, 404, 404, 404, 302, 404)),
    ("POST", "/people/{ana}/block", None, (401, 403, 403, 422, 302, 302)),
    ("POST", "/people/{ana}/unblock", None, (401, 403, 403, 302, 302, 302)),
    ("POST", "/posts/{closable}/close", None, (401, 403, 403, 302, 403, 302)),
]  # fmt: skip


def seed(site: PartnersSite, make: Any) -> dict[str, Any]:
    ana, lena = site.teacher("ana", "es"), site.teacher("lena", "de")
    site.person("pupil", "pupil", "es")
    site.person("staff", "staff")
    site.users["root"] = make.user("root", kind="staff", site_admin=True)
    post = site.post("ana", languages="en")
    closable = site.post("ana", topic="Closed by the first who may")
    site.profile("lena", languages="en")
    site.school_profile("ana", languages="es")
    project = site.space("ana", title="Green Roots")
    thread_id = site.message("lena", "ana", "Hello Ana")
    from sqlalchemy import select

    from etwincms_partners import messaging, services
    from etwincms_partners.models import Message

    message_id = site.session.scalar(
        select(Message.id).where(Message.thread_id == thread_id)
    )
    report = messaging.report(site.session, ana, message_id, "test")
    saved = services.save_search(site.session, lena, "Mine", "posts", _filters())
    site.session.commit()
    return {"post": post.id, "closable": closable.id, "school": ana.school_id,
            "lena": lena.id, "ana": ana.id, "slug": project.slug, "thread": thread_id,
            "message": message_id,
            "report": report.id, "saved": saved.id}  # fmt: skip


def _filters() -> Any:
    from etwincms_partners.filters import Filters

    return Filters(language="en")


#: The order the actors take their turns in, on one seeded site: those who change
#: nothing first, the post's author (who closes it) last.
TURNS = ("anon", "pupil", "staff", "lena", "root", "ana")


def test_every_action_by_role(site, make, browser) -> None:
    ids = seed(site, make)
    differences = []
    for actor in TURNS:
        browser.login(None if actor == "anon" else actor)
        for method, path, form, statuses in ACTIONS:
            url = path.format(**ids)
            answer = (
                browser.get(url) if method == "GET" else browser.post(url, form or {})
            )
            expected = statuses[ACTORS.index(actor)]
            if answer.status_code != expected:
                differences.append((actor, method, path, answer.status_code, expected))
    assert differences == []
