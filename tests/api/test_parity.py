"""Everything the browser can do, a program can do: each front-end action has its API twin.

``PARITY`` maps every endpoint of the web blueprints to the API operation that does the
same thing, or to the reason it has none (signing in with a password is what tokens
replace; a page that only shows a form has its twin in the form's action). The test
fails when a web endpoint is added without an entry, or when an entry names an operation
the OpenAPI document does not have. An action whose twin is not written yet says
"missing: ..." and is listed in ``MISSING``, so the gap is visible, not hidden.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

WEB_BLUEPRINTS = {
    "auth", "account", "spaces", "people", "editing", "assist", "pages", "materials",
    "space_admin", "invites", "resume", "search", "accounts",
    "phases", "moderation", "reports", "export", "groups",
}  # fmt: skip

P = "/api/v1/projects/{slug}"
PARITY: dict[str, str | tuple[str, ...]] = {
    "auth.login": "not applicable: API callers authenticate with tokens",
    "auth.logout": "not applicable: API callers revoke their tokens instead",
    "resume.resume": "not applicable: a browser form interrupted by a lapsed session",
    "account.profile": ("GET /api/v1/me", "PATCH /api/v1/me"),
    "account.password": "POST /api/v1/me/password",
    "account.invitations": "GET /api/v1/me/invitations",
    "account.accept": "POST /api/v1/me/invitations/{slug}/accept",
    "account.api_tokens": ("GET /api/v1/me/tokens", "POST /api/v1/me/tokens"),
    "account.revoke_token": "DELETE /api/v1/me/tokens/{token_id}",
    "account.my_data": "not applicable: the page that offers the download below",
    "account.download_data": "GET /api/v1/me/data",
    "account.download_data_of": "GET /api/v1/users/{user_id}/data",
    "account.delete_account": "POST /api/v1/me/delete",
    "account.erase_account": "POST /api/v1/users/{user_id}/erase",
    "accounts.index": "GET /api/v1/users",
    "accounts.status": (
        "POST /api/v1/users/{user_id}/disable",
        "POST /api/v1/users/{user_id}/enable",
    ),
    "invites.join": "POST /api/v1/me/joins",
    "invites.create": f"POST {P}/invite-links",
    "invites.revoke": f"DELETE {P}/invite-links/{{link_id}}",
    "spaces.dashboard": "GET /api/v1/projects",
    "spaces.create": "POST /api/v1/projects",
    "spaces.home": (f"GET {P}", f"GET {P}/tree"),
    "spaces.members": f"GET {P}/members",
    "space_admin.details": (f"GET {P}", f"PATCH {P}"),
    "space_admin.archive": (f"POST {P}/archive", f"POST {P}/reopen"),
    "space_admin.roles": (f"GET {P}/roles", f"PUT {P}/roles/{{role}}/{{capability}}"),
    "space_admin.plugin_list": f"GET {P}/plugins",
    "space_admin.switch": f"PUT {P}/plugins/{{name}}",
    "space_admin.save_settings": f"PATCH {P}/plugins/{{name}}/settings",
    "people.index": (f"GET {P}/members", f"GET {P}/invitations"),
    "people.invite": f"POST {P}/invitations",
    "people.change_role": f"PATCH {P}/members/{{membership_id}}",
    "people.remove": f"DELETE {P}/members/{{membership_id}}",
    "people.add_pupils": f"POST {P}/pupils",
    "people.reset_password": f"POST {P}/members/{{membership_id}}/password",
    "pages.view": f"GET {P}/pages/{{page_id}}",
    "pages.by_id": f"GET {P}/pages/{{page_id}}",
    "pages.missing": "not applicable: a wiki link to a page nobody made yet",
    "pages.trash": f"GET {P}/trash",
    "pages.links_here": f"GET {P}/pages/{{page_id}}/links",
    "editing.new": f"POST {P}/pages",
    "editing.edit": (f"GET {P}/pages/{{page_id}}", f"PUT {P}/pages/{{page_id}}"),
    "editing.history": f"GET {P}/pages/{{page_id}}/revisions",
    "editing.diff": f"GET {P}/pages/{{page_id}}/diff",
    "editing.revert": f"POST {P}/pages/{{page_id}}/revert",
    "editing.settings": (
        f"PATCH {P}/pages/{{page_id}}/settings",
        f"POST {P}/pages/{{page_id}}/move",
    ),
    "editing.delete": f"DELETE {P}/pages/{{page_id}}",
    "editing.restore": f"POST {P}/trash/{{page_id}}/restore",
    "assist.preview": f"POST {P}/preview",
    "assist.titles": f"GET {P}/titles",
    "assist.move": (f"POST {P}/pages/{{page_id}}/move", f"POST {P}/pages/reorder"),
    "materials.library": f"GET {P}/materials",
    "materials.upload": f"POST {P}/materials",
    "materials.detail": f"GET {P}/materials/{{material_id}}",
    "materials.file": f"GET {P}/materials/{{material_id}}/content",
    "materials.thumbnail": f"GET {P}/materials/{{material_id}}/thumbnail",
    "materials.rename": f"PATCH {P}/materials/{{material_id}}",
    "materials.delete": f"DELETE {P}/materials/{{material_id}}",
    "materials.restore": f"POST {P}/materials/{{material_id}}/restore",
    "search.results": "GET /api/v1/search",
    "phases.index": (f"GET {P}/phases/", f"GET {P}/phases/mobilities"),
    "phases.phase": (
        f"GET {P}/phases/{{phase_id}}",
        f"GET {P}/phases/{{phase_id}}/items",
    ),
    "phases.edit_phase": (
        f"GET {P}/phases/{{phase_id}}",
        f"PUT {P}/phases/{{phase_id}}",
    ),
    "phases.items": (
        f"GET {P}/phases/{{phase_id}}/items",
        f"POST {P}/phases/{{phase_id}}/items",
    ),
    "phases.remove_items": f"DELETE {P}/phases/{{phase_id}}/items/{{item_id}}",
    "phases.new_mobility": f"POST {P}/phases/mobilities",
    "phases.edit_mobility": (
        f"GET {P}/phases/mobilities/{{mobility_id}}",
        f"PUT {P}/phases/mobilities/{{mobility_id}}",
    ),
    "phases.delete_mobility": f"DELETE {P}/phases/mobilities/{{mobility_id}}",
    "moderation.index": f"GET {P}/moderation/",
    "moderation.decide": f"POST {P}/moderation/decisions",
    "moderation.mine": f"GET {P}/moderation/mine",
    "moderation.consent": (
        f"GET {P}/moderation/consent",
        f"PUT {P}/moderation/consent/{{pupil_id}}",
    ),
    "moderation.shown": (f"GET {P}/moderation/shown", f"PUT {P}/moderation/shown"),
    "moderation.request_page": f"POST {P}/moderation/pages/{{page_id}}/request",
    # The API's one report operation answers JSON (the Quality Label evidence included),
    # CSV or PDF through its ``format`` argument.
    "reports.index": f"GET {P}/reports",
    "reports.quality_label": f"GET {P}/reports",
    "reports.csv_download": f"GET {P}/reports",
    "reports.pdf_download": f"GET {P}/reports",
    "export.index": "not applicable: the page that offers the download and licence below",
    "export.download": f"GET {P}/export/site",
    "export.licence": "missing: no API operation chooses the export's licence yet",
    "groups.index": f"GET {P}/groups/",
    "groups.create": f"POST {P}/groups/",
    "groups.rename": f"PUT {P}/groups/{{group_id}}",
    "groups.delete": f"DELETE {P}/groups/{{group_id}}",
    "groups.add_member": f"PUT {P}/groups/{{group_id}}/members",
    "groups.remove_member": f"PUT {P}/groups/{{group_id}}/members",
    "groups.suggest": f"GET {P}/groups/suggestion",
    "groups.save_suggestion": f"POST {P}/groups/suggestion",
}

# Known gaps, named so that they stay visible: an entry leaves this list when its API
# twin is written (the last test keeps the two in step).
MISSING = {"export.licence"}


def web_endpoints(app: Flask) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".", 1)[0] in WEB_BLUEPRINTS
    }


def api_operations(app: Any) -> set[str]:
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    return {
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_front_end_action_is_listed(app: Flask) -> None:
    assert web_endpoints(app) - set(PARITY) == set()
    assert set(PARITY) - web_endpoints(app) == set()


def test_every_listed_twin_exists_in_the_api(app: Flask) -> None:
    operations = api_operations(app)
    named = {
        twin
        for twins in PARITY.values()
        for twin in ((twins,) if isinstance(twins, str) else twins)
        if not twin.startswith(("not applicable", "missing"))
    }
    assert named - operations == set()


def test_only_the_known_gaps_are_missing() -> None:
    missing = {
        endpoint
        for endpoint, twins in PARITY.items()
        if isinstance(twins, str) and twins.startswith("missing")
    }
    assert missing == MISSING
