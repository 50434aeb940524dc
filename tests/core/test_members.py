"""Members and pupils: roles that fit, at least one admin, teachers look after their own pupils."""

from __future__ import annotations

from typing import Any

import pytest

from etwincms import passwords
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.models import MembershipStatus, Role
from etwincms.permissions import can
from etwincms.services import members, pupils, spaces, users
from etwincms.state import get_state
from etwincms.testing import Factory


@pytest.fixture
def world(session: Any, make: Factory) -> dict[str, Any]:
    es, de = make.school("es"), make.school("de")
    admin = make.user("maria", school=es)
    project = make.space(admin, title="Green Roots")
    teacher_es = make.user("vicent", school=es)
    teacher_de = make.user("katrin", school=de)
    make.member(project, teacher_es, Role.TEACHER, school=es)
    make.member(project, teacher_de, Role.TEACHER, school=de)
    return {
        "session": session,
        "project": project,
        "admin": admin,
        "es": es,
        "de": de,
        "teacher_es": teacher_es,
        "teacher_de": teacher_de,
    }


def test_pupils_can_never_be_admins_teachers_or_observers(
    world: dict[str, Any], make: Factory
):
    pupil = make.user("pablo", kind="pupil", school=world["es"])
    for role in (Role.ADMIN, Role.TEACHER, Role.OBSERVER):
        with pytest.raises(ValidationError, match="never"):
            members.add_member(
                world["session"], world["admin"], world["project"], pupil, role
            )
    membership = make.member(world["project"], pupil, Role.PUPIL)
    with pytest.raises(ValidationError, match="never"):
        members.change_role(world["session"], world["admin"], membership, Role.ADMIN)
    members.change_role(world["session"], world["admin"], membership, Role.PUPIL_LEAD)
    assert membership.role is Role.PUPIL_LEAD


def test_teachers_never_hold_pupil_roles(world: dict[str, Any], make: Factory) -> None:
    guest = make.user("guest")
    with pytest.raises(ValidationError, match="Only pupil accounts"):
        members.add_member(
            world["session"], world["admin"], world["project"], guest, Role.PUPIL
        )


def test_a_space_always_keeps_an_admin(world: dict[str, Any]) -> None:
    session, project, admin = world["session"], world["project"], world["admin"]
    own = members.find_membership(session, project, admin)
    with pytest.raises(ValidationError, match="at least one admin"):
        members.change_role(session, admin, own, Role.TEACHER)
    with pytest.raises(ValidationError, match="at least one admin"):
        members.remove_member(session, admin, own)
    other = members.find_membership(session, project, world["teacher_es"])
    members.change_role(session, admin, other, Role.ADMIN)
    members.change_role(session, admin, own, Role.TEACHER)
    assert own.role is Role.TEACHER
    assert not can(admin, "member.manage", project)


def test_only_admins_manage_members(world: dict[str, Any], make: Factory) -> None:
    newcomer = make.user("newcomer")
    with pytest.raises(PermissionDenied):
        members.add_member(
            world["session"],
            world["teacher_es"],
            world["project"],
            newcomer,
            Role.TEACHER,
        )
    members.add_member(
        world["session"], world["admin"], world["project"], newcomer, Role.TEACHER
    )
    with pytest.raises(ValidationError, match="already a member"):
        members.add_member(
            world["session"], world["admin"], world["project"], newcomer, Role.OBSERVER
        )


def test_invited_members_have_no_rights_until_they_accept(
    world: dict[str, Any], make: Factory
):
    expert = make.user("expert", kind="staff")
    project = world["project"]
    members.invite_member(
        world["session"], world["admin"], project, expert, Role.OBSERVER
    )
    assert not can(expert, "page.view", project)
    membership = members.accept_invitation(world["session"], expert, project)
    assert membership.status is MembershipStatus.ACTIVE
    assert can(expert, "page.view", project)


def test_class_list_creates_pupils_with_one_time_passwords(
    world: dict[str, Any],
) -> None:
    session, project, teacher = world["session"], world["project"], world["teacher_es"]
    names = pupils.parse_class_list(
        "Lucía Martínez Ruiz\n\nMartínez, Pablo\nLucía Moreno\n"
    )
    assert names == ["Lucía Martínez Ruiz", "Pablo Martínez", "Lucía Moreno"]
    created = pupils.create_pupils(session, teacher, project, names)
    usernames = [c.user.username for c in created]
    assert usernames == ["lucia.m", "pablo.m", "lucia.m2"]
    first = created[0].user
    assert first.display_name == "Lucía M."
    assert (first.kind.value, first.school_id, first.must_change_password) == (
        "pupil",
        world["es"].id,
        True,
    )
    assert passwords.verify(
        get_state().hasher, first.password_hash, created[0].password
    )
    assert created[0].password not in (first.password_hash or "")
    assert members.find_membership(session, project, first).role is Role.PUPIL


def test_a_teacher_creates_pupils_only_for_their_own_school(
    world: dict[str, Any],
) -> None:
    with pytest.raises(PermissionDenied):
        pupils.create_pupils(
            world["session"],
            world["teacher_es"],
            world["project"],
            ["Lena Vogel"],
            school=world["de"],
        )
    created = pupils.create_pupils(
        world["session"],
        world["admin"],
        world["project"],
        ["Lena Vogel"],
        school=world["de"],
    )
    assert created[0].user.school_id == world["de"].id


def test_teachers_reset_passwords_of_their_own_pupils_only(
    world: dict[str, Any],
) -> None:
    session, project = world["session"], world["project"]
    (lena,) = pupils.create_pupils(
        session, world["teacher_de"], project, ["Lena Vogel"]
    )
    membership = members.find_membership(session, project, lena.user)
    with pytest.raises(PermissionDenied):
        pupils.reset_password(session, world["teacher_es"], project, membership)
    fresh = pupils.reset_password(session, world["teacher_de"], project, membership)
    assert fresh.password != lena.password
    assert users.authenticate(session, lena.user.username, fresh.password) is not None
    assert users.authenticate(session, lena.user.username, lena.password) is None


def test_teachers_remove_their_own_pupils_but_not_others(world: dict[str, Any]) -> None:
    session, project = world["session"], world["project"]
    (daan,) = pupils.create_pupils(
        session, world["teacher_de"], project, ["Daan Bakker"]
    )
    membership = members.find_membership(session, project, daan.user)
    with pytest.raises(PermissionDenied):
        members.remove_member(session, world["teacher_es"], membership)
    members.remove_member(session, world["teacher_de"], membership)
    assert members.find_membership(session, project, daan.user) is None


def test_first_login_password_change(world: dict[str, Any]) -> None:
    session = world["session"]
    (pupil,) = pupils.create_pupils(
        session, world["teacher_es"], world["project"], ["Aitana"]
    )
    with pytest.raises(ValidationError, match="current password"):
        users.change_password(session, pupil.user, current="wrong", new="a-new-secret")
    users.change_password(
        session, pupil.user, current=pupil.password, new="a-new-secret"
    )
    assert not pupil.user.must_change_password
    assert (
        users.authenticate(session, pupil.user.username, "a-new-secret") is pupil.user
    )


def test_members_are_grouped_by_school_and_need_member_view(
    world: dict[str, Any],
) -> None:
    grouped = members.members_by_school(
        world["session"], world["admin"], world["project"]
    )
    names = {
        school.country: [m.user.username for m in ms] for school, ms in grouped.items()
    }
    assert names == {"ES": ["maria", "vicent"], "DE": ["katrin"]}
    with pytest.raises(PermissionDenied):
        members.members_by_school(world["session"], None, world["project"])


def test_spaces_archive_and_reopen(world: dict[str, Any]) -> None:
    session, project, admin = world["session"], world["project"], world["admin"]
    spaces.archive_space(session, admin, project)
    assert not can(admin, "page.create", project)
    assert can(admin, "page.view", project)
    spaces.reopen_space(session, admin, project)
    assert can(admin, "page.create", project)


def test_space_details_are_validated(world: dict[str, Any]) -> None:
    session, project, admin = world["session"], world["project"], world["admin"]
    with pytest.raises(ValidationError, match="end before"):
        spaces.update_space(
            session, admin, project, start_date="2026-05-01", end_date="2026-01-01"
        )
    with pytest.raises(ValidationError, match="Unknown field"):
        spaces.update_space(session, admin, project, slug="hijack")
    with pytest.raises(PermissionDenied):
        spaces.update_space(session, world["teacher_es"], project, title="Mine")


def test_pupils_cannot_create_spaces(world: dict[str, Any], make: Factory) -> None:
    pupil = make.user("pupil", kind="pupil")
    with pytest.raises(PermissionDenied):
        spaces.create_space(world["session"], pupil, title="My space")
    second = spaces.create_space(
        world["session"], world["teacher_es"], title="Green Roots"
    )
    assert second.slug == "green-roots-2"


def test_my_spaces_lists_running_spaces_before_archived_ones(
    world: dict[str, Any],
) -> None:
    session, admin = world["session"], world["admin"]
    newer = spaces.create_space(session, admin, title="Second project")
    spaces.archive_space(session, admin, newer)
    listed = spaces.spaces_for_user(session, admin)
    assert [(p.title, m.role) for p, m in listed] == [
        ("Green Roots", Role.ADMIN),
        ("Second project", Role.ADMIN),
    ]
    assert (
        spaces.spaces_for_user(session, world["teacher_de"])[0][1].role is Role.TEACHER
    )


def test_withdrawing_an_invitation_to_a_second_admin_is_fine(
    world: dict[str, Any], make
):
    session, admin, project = world["session"], world["admin"], world["project"]
    guest = make.user("coadmin")
    invitation = members.invite_member(session, admin, project, guest, Role.ADMIN)
    members.remove_member(session, admin, invitation)
    assert members.find_membership(session, project, guest) is None
