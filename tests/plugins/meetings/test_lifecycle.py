"""Meetings in the project lifecycle: every meeting is a contribution of its organiser,
with its search document's id; none is public, so nothing is exported or queued."""

from __future__ import annotations

from flask.testing import FlaskClient

from etwincms.plugins import project_hooks

from .conftest import MeetingSpace


def test_meetings_are_members_only_contributions(
    meetings: MeetingSpace, client: FlaskClient
) -> None:
    everyone = meetings.meeting(title="Kick-off")
    staff = meetings.meeting(title="Budget", audience="teachers")
    meetings.make_public()
    project = meetings.project
    batches = project_hooks(project).space_contributions(project=project)
    found = {c.id: c for b in batches for c in b or () if c.plugin == "meetings"}
    assert set(found) == {
        f"meetings_meeting:{everyone.id}",
        f"meetings_teachers:{staff.id}",
    }
    kick_off = found[f"meetings_meeting:{everyone.id}"]
    assert kick_off.author_id == meetings.user("teacher").id
    assert kick_off.created_at.tzinfo is not None
    assert not any(c.public or c.output for c in found.values())
    batches = project_hooks(project).search_documents(project=project)
    assert set(found) == {d.id for b in batches for d in b if d.plugin == "meetings"}
    assert client.get(kick_off.url).status_code in (302, 401, 403)  # members only
    exported = project_hooks(project).public_export(project=project)
    assert [p for b in exported for p in b or () if p.path.startswith("meetings")] == []
