"""Partner finding's answers to the privacy hooks: export everything, erase the person.

A teacher leaves a trace in every column of the plugin that names a person; the export
lists them, and after erasure no column names them any more, while the messages they
sent stay in the other person's inbox, detached from them.
"""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms.db import Base, commit
from etwincms.services import privacy
from etwincms_partners import messaging, services
from etwincms_partners.filters import Filters
from etwincms_partners.models import Message

from .conftest import PartnersSite


def people_columns() -> list[object]:
    return [
        column
        for table in Base.metadata.sorted_tables
        if table.name.startswith("partners_")
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    ]


def leave_traces_everywhere(site: PartnersSite, make) -> None:
    ana, lena = site.teacher("ana"), site.teacher("lena", "de")
    site.users["root"] = make.user("root", kind="staff", site_admin=True)
    site.profile("ana", subjects="biology")
    site.school_profile("ana", languages="es")
    site.post("ana", topic="Olive harvest")
    thread_id = site.message("ana", "lena", "From Ana")
    site.message("lena", "ana", "From Lena")
    session = site.session
    messaging.block(session, ana, lena.id)
    messaging.block(session, lena, ana.id)
    lenas = session.scalar(select(Message.id).where(Message.sender_id == lena.id))
    made = messaging.report(session, ana, lenas, "spam")
    messaging.resolve(session, site.users["root"], made.id, remove=False)
    ana.is_site_admin = True  # so that Ana resolves a report too
    other = messaging.report(session, lena, site_first_message(session, thread_id), "x")
    messaging.resolve(session, ana, other.id, remove=False)
    services.save_search(session, ana, "Mine", "posts", Filters(language="en"))
    commit(session)


def site_first_message(session, thread_id: int) -> int:
    return session.scalar(select(Message.id).where(Message.thread_id == thread_id))


def test_export_then_erase(site, make) -> None:
    leave_traces_everywhere(site, make)
    the_export_lists_profile_posts_messages_and_searches(site)
    erase_leaves_no_reference_and_keeps_the_other_side(site)


def the_export_lists_profile_posts_messages_and_searches(site) -> None:
    ana = site.users["ana"]
    data = privacy.export_personal_data(site.session, ana, ana)["partners"]
    assert data["profile"][0]["subjects"] == ["biology"]
    assert [p["topic"] for p in data["posts"]] == ["Olive harvest"]
    assert [m["body"] for m in data["messages_sent"]] == ["From Ana"]
    assert len(data["threads"]) == 2 and len(data["blocked"]) == 1
    assert [r["reason"] for r in data["reports"]] == ["spam"]
    assert [s["name"] for s in data["saved_searches"]] == ["Mine"]
    assert len(data["school_profiles_edited"]) == 1


def erase_leaves_no_reference_and_keeps_the_other_side(site) -> None:
    session, ana, lena = site.session, site.users["ana"], site.users["lena"]
    columns = people_columns()
    assert len(columns) == 10
    for column in columns:  # the traces are really there
        assert session.scalar(select(func.count()).where(column == ana.id)), column
    privacy.erase_personal_data(session, site.users["root"], ana)
    commit(session)
    for column in columns:
        found = session.scalar(select(func.count()).where(column == ana.id))
        assert found == 0, column
    rows = messaging.inbox(session, lena)
    assert len(rows) == 2
    _thread, messages = messaging.read_thread(session, lena, rows[-1].thread.id)
    assert [(m.body, sender) for m, sender in messages] == [("From Ana", None)]
