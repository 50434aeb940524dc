"""The expected-access table of the authorization crawler, written by hand.

Read from ``docs/permissions.md`` and the plugins' READMEs, never from ``can()`` or the
registry: each route and method says which roles of space A may use it, and what a
visitor (anonymous, or "other", a member of space B only) meets in public space A:
``see`` (allowed), ``ask`` (anonymous: sign in; other: 403), ``hide`` (404 to both:
private things do not leak their existence), ``sign_in`` (anonymous: sign in, as for
absent pages too, so nothing leaks; other: 404) or ``own`` (anonymous: sign in; other:
allowed, for lists of one's own things in a space one may read). Site admins may everything. Members
lacking the right get 403 (``refused="404"`` where the object itself is hidden from
them, as trashed things are). Space B is private: everyone but its members (here
"other", a teacher) and site admins gets 404; the plugins switched off there answer 404
to everyone. Routes outside spaces say per actor who may.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
EDIT = ALL - {"observer"}  # page.edit, material.upload...
MAKE = frozenset({"admin", "teacher", "pupil_lead"})  # page.create, page.move
STAFF = frozenset({"admin", "teacher"})  # page.delete, page.publish, moderation
ADMIN = frozenset({"admin"})  # space.edit, member.manage
NOBODY: frozenset[str] = frozenset()
SIGNED_IN = frozenset(
    {"site_admin", "admin", "teacher", "pupil_lead", "pupil", "observer", "other"}
)
ADULTS = SIGNED_IN - {"pupil_lead", "pupil"}


@dataclass(frozen=True)
class Space:
    """Who may use a route of a space (see the module's docstring)."""

    roles: frozenset[str]
    visitors: str = "ask"  # see | ask | hide | sign_in | own
    refused: str = "403"
    other_in_b: bool | None = None  # None: as B's teacher role allows
    site_admin: bool = True


@dataclass(frozen=True)
class Site:
    """A route outside spaces (or about one's own account): who may, by actor."""

    allowed: frozenset[str]
    anon: str = "login"  # ok | login
    refused: str = "403"  # or "invalid": told why with a 400/422


def see(roles: frozenset[str] = ALL) -> Space:
    return Space(roles, "see")


def ask(roles: frozenset[str] = ALL, **extra: object) -> Space:
    return Space(roles, "ask", **extra)  # type: ignore[arg-type]


def hide(roles: frozenset[str] = ALL, **extra: object) -> Space:
    return Space(roles, "hide", **extra)  # type: ignore[arg-type]


ANYONE = Site(SIGNED_IN, anon="ok")
ACCOUNT = Site(SIGNED_IN)
OWN_TOKEN = Site(frozenset({"pupil"}), refused="404")  # the pupil's token: theirs only
TRASHED = hide(STAFF, refused="404")  # trashed things: only those who may restore see
# The pupil's membership: admins manage every pupil, teachers those of their school
# (space A's teacher is from another school than the pupil; B's "other" is not).
PUPIL_OF = ask(ADMIN, other_in_b=True)
ROLE_OF = ask(ADMIN)  # changing roles is member.manage, for pupils too
NOTHING = Space(NOBODY, "hide", refused="404", site_admin=False)
MINE = Space(ALL, "own")  # one's own requests to publish
# Asking a teacher to publish a page: its editors, where they may see the page.
REQUEST_PAGE = {"public": ask(EDIT), "members": Space(EDIT, "sign_in")}
# A working group: its members (the crawled group holds the pupil) and the staff; other
# members are told it does not exist.
GROUP_MEMBERS = ask(STAFF | {"pupil"}, refused="404")

CORE: dict[str, Space | Site | dict[str, Space]] = {
    "index GET": Site(SIGNED_IN),  # the dashboard, or the sign-in page
    "account.my_data GET": ACCOUNT,
    "account.download_data GET": ACCOUNT,
    "account.delete_account POST": Site(ADULTS),  # pupils' accounts are their teachers'
    "account.erase_account GET": Site(
        frozenset({"site_admin", "admin"}), refused="404"
    ),
    "account.erase_account POST": Site(
        frozenset({"site_admin", "admin"}), refused="404"
    ),
    "account.download_data_of GET": Site(frozenset({"site_admin"}), refused="404"),
    "account.invitations GET": ACCOUNT,
    "account.accept POST": Site(NOBODY, refused="404"),  # nobody was invited
    "account.password GET": ACCOUNT,
    "account.password POST": ACCOUNT,
    "account.profile GET": ACCOUNT,
    "account.profile POST": ACCOUNT,
    "account.api_tokens GET": ACCOUNT,
    "account.api_tokens POST": ACCOUNT,
    "account.revoke_token POST": OWN_TOKEN,
    "auth.login GET": ANYONE,
    "auth.login POST": ANYONE,
    "auth.logout POST": Site(
        NOBODY, refused="login"
    ),  # everyone lands on the sign-in page
    "resume.resume POST": ACCOUNT,
    "invites.join GET": ACCOUNT,
    "invites.join POST": Site(ADULTS, refused="invalid"),  # pupils are told they cannot
    "search.results GET": ANYONE,
    "i18n.switch_language GET": ANYONE,  # the interface language: anyone, signed in or not
    "i18n.switch_language POST": ANYONE,
    "spaces.dashboard GET": ACCOUNT,
    "spaces.create GET": Site(ADULTS),
    "spaces.create POST": Site(ADULTS),
    "theme_static GET": ANYONE,
    "plugin_static GET": ANYONE,
    "api_reference.reference GET": ANYONE,
    "api-docs.openapi_json GET": ANYONE,
    "api_me.me GET": ACCOUNT,
    "api_me.update_profile PATCH": ACCOUNT,
    "api_me.invitations GET": ACCOUNT,
    "api_me.accept_invitation POST": Site(NOBODY, refused="404"),
    "api_me.join_by_link POST": Site(ADULTS, refused="invalid"),
    "api_me.change_password POST": ACCOUNT,
    "api_me.list_tokens GET": ACCOUNT,
    "api_me.create_token POST": ACCOUNT,
    "api_me.revoke_token DELETE": OWN_TOKEN,
    # -- accounts: one's own data; site admins look after accounts (404 to others)
    "accounts.index GET": Site(frozenset({"site_admin"}), refused="404"),
    "accounts.status GET": Site(frozenset({"site_admin"}), refused="404"),
    "accounts.status POST": Site(frozenset({"site_admin"}), refused="404"),
    "api_accounts.download_own_data GET": ACCOUNT,
    "api_accounts.delete_own_account POST": Site(ADULTS),
    "api_accounts.list_accounts GET": Site(frozenset({"site_admin"}), refused="404"),
    "api_accounts.disable_account POST": Site(frozenset({"site_admin"}), refused="404"),
    "api_accounts.enable_account POST": Site(frozenset({"site_admin"}), refused="404"),
    "api_accounts.download_data_of GET": Site(frozenset({"site_admin"}), refused="404"),
    "api_accounts.erase_account POST": Site(
        frozenset({"site_admin", "admin"}), refused="404"
    ),
    "api_spaces.list_spaces GET": ANYONE,
    "api_spaces.create_space POST": Site(ADULTS),
    "api_search.search_content GET": ANYONE,
    # -- a space: home, members, people, settings
    "spaces.home GET": see(),
    "spaces.members GET": ask(),  # member.view: names
    "people.index GET": ask(),
    "people.remove GET": PUPIL_OF,
    "people.remove POST": PUPIL_OF,
    "people.reset_password POST": PUPIL_OF,
    "people.change_role POST": ROLE_OF,
    "people.invite POST": ask(ADMIN),
    "people.add_pupils GET": ask(STAFF),
    "people.add_pupils POST": ask(STAFF),
    "invites.create POST": ask(ADMIN),
    "invites.revoke POST": ask(ADMIN),
    "space_admin.plugin_list GET": ask(ADMIN),
    "space_admin.switch POST": ask(ADMIN),
    "space_admin.save_settings POST": ask(ADMIN),
    "space_admin.details GET": ask(ADMIN),
    "space_admin.details POST": ask(ADMIN),
    "space_admin.archive POST": ask(ADMIN),
    "space_admin.roles GET": ask(ADMIN),
    "space_admin.roles POST": ask(ADMIN),
    # -- materials
    "materials.library GET": ask(),
    "materials.detail GET": ask(),
    "materials.thumbnail GET": ask(),
    "materials.file GET": ask(),
    "materials.upload POST": ask(EDIT),
    "materials.delete POST": ask(STAFF),
    "materials.rename POST": ask(STAFF),  # or the uploader
    "materials.restore POST": TRASHED,
    # -- pages
    "pages.trash GET": ask(STAFF),
    "editing.restore POST": TRASHED,
    "editing.new GET": ask(MAKE),
    "editing.new POST": ask(MAKE),
    "assist.move POST": ask(MAKE),
    "assist.preview POST": ask(MAKE),  # of a new page (page.create), as sent
    "assist.titles GET": see(),  # visitors get the public titles only
    "pages.missing GET": NOTHING,  # "no such page, create it?" is a 404 by design
    "pages.view GET": {"public": see(), "members": Space(ALL, "sign_in")},
    "pages.by_id GET": {"public": see(), "members": hide()},
    "pages.links_here GET": {"public": see(), "members": hide()},
    "editing.edit GET": {"public": ask(EDIT), "members": hide(EDIT)},
    "editing.edit POST": {"public": ask(EDIT), "members": hide(EDIT)},
    "editing.revert POST": {"public": ask(EDIT), "members": hide(EDIT)},
    "editing.diff GET": {"public": ask(), "members": hide()},  # page.history: members
    "editing.history GET": {"public": ask(), "members": hide()},
    "editing.delete POST": {"public": ask(STAFF), "members": hide(STAFF)},
    # page.publish, or page.move for the address and place
    "editing.settings GET": {"public": ask(MAKE), "members": hide(MAKE)},
    "editing.settings POST": {"public": ask(MAKE), "members": hide(MAKE)},
    # -- the API's core
    "api_spaces.read_space GET": see(),
    "api_spaces.update_space PATCH": ask(ADMIN),
    "api_spaces.archive_space POST": ask(ADMIN),
    "api_spaces.reopen_space POST": ask(ADMIN),
    "api_spaces.role_overrides GET": ask(ADMIN),
    "api_spaces.set_role_override PUT": ask(ADMIN),
    "api_plugins.list_plugins GET": ask(ADMIN),
    "api_plugins.switch_plugin PUT": ask(ADMIN),
    "api_plugins.change_settings PATCH": ask(ADMIN),
    "api_members.list_members GET": ask(),
    "api_members.list_invitations GET": ask(ADMIN),
    "api_members.invite POST": ask(ADMIN),
    "api_members.list_links GET": ask(ADMIN),
    "api_members.create_link POST": ask(ADMIN),
    "api_members.revoke_link DELETE": ask(ADMIN),
    "api_members.change_role PATCH": ROLE_OF,
    "api_members.remove_member DELETE": PUPIL_OF,
    "api_members.reset_password POST": PUPIL_OF,
    "api_members.add_pupils POST": ask(STAFF),
    "api_materials.list_materials GET": ask(),
    "api_materials.read_material GET": ask(),
    "api_materials.download GET": ask(),
    "api_materials.thumbnail GET": ask(),
    "api_materials.upload POST": ask(EDIT),
    "api_materials.rename PATCH": ask(STAFF),
    "api_materials.trash DELETE": ask(STAFF),
    "api_materials.restore POST": TRASHED,
    "api_materials.trashed GET": see(),  # lists only what the caller may restore
    "api_pages.create_page POST": ask(MAKE),
    "api_pages.reorder POST": ask(MAKE),
    "api_pages.preview POST": ask(MAKE),  # of a new page, as the crawler sends it
    "api_pages.titles GET": see(),
    "api_pages.page_tree GET": see(),
    "api_pages.trash GET": ask(STAFF),
    "api_pages.restore POST": TRASHED,
    "api_pages.read_page GET": {"public": see(), "members": hide()},
    "api_pages.links_here GET": {"public": see(), "members": hide()},
    "api_pages.update_page PUT": {"public": ask(EDIT), "members": hide(EDIT)},
    "api_pages.revert POST": {"public": ask(EDIT), "members": hide(EDIT)},
    "api_pages.move_page POST": {"public": ask(MAKE), "members": hide(MAKE)},
    "api_pages.trash_page DELETE": {"public": ask(STAFF), "members": hide(STAFF)},
    "api_pages.page_settings PATCH": {"public": ask(STAFF), "members": hide(STAFF)},
    "api_pages.diff GET": {"public": ask(), "members": hide()},
    "api_pages.history GET": {"public": ask(), "members": hide()},
    "api_pages.revision GET": {"public": ask(), "members": hide()},
    # -- phases: a public space shows its timeline; teachers define and file
    "phases.index GET": see(),  # a public space's timeline (no pupil's name)
    "phases.phase GET": see(),
    "phases.items GET": ask(STAFF),  # phases.manage
    "phases.items POST": ask(STAFF),
    "phases.remove_items POST": ask(STAFF),
    "phases.edit_phase GET": ask(STAFF),
    "phases.edit_phase POST": ask(STAFF),
    "phases.new_mobility GET": ask(STAFF),
    "phases.new_mobility POST": ask(STAFF),
    "phases.edit_mobility GET": ask(STAFF),
    "phases.edit_mobility POST": ask(STAFF),
    "phases.delete_mobility POST": ask(STAFF),
    "phases_api.overview GET": see(),
    "phases_api.mobility_list GET": see(),
    "phases_api.mobility_read GET": see(),
    "phases_api.phase_read GET": see(),
    "phases_api.items GET": see(),
    "phases_api.mobility_create POST": ask(STAFF),
    "phases_api.mobility_update PUT": ask(STAFF),
    "phases_api.mobility_delete DELETE": ask(STAFF),
    "phases_api.phase_update PUT": ask(STAFF),
    "phases_api.tag POST": ask(STAFF),
    "phases_api.untag DELETE": ask(STAFF),
    # -- moderation: the queue is the staff's; everyone sees their own requests
    # Those who may not review are sent to their own requests: a signed-in visitor of a
    # public space may open that list (space.view); it is empty for them.
    "moderation.index GET": MINE,
    "moderation.mine GET": MINE,
    "moderation.decide POST": ask(STAFF),
    "moderation.consent GET": ask(STAFF),
    "moderation.consent POST": ask(STAFF),
    "moderation.shown GET": ask(STAFF),
    "moderation.shown POST": ask(STAFF),
    "moderation.request_page POST": REQUEST_PAGE,
    "moderation_api.waiting GET": ask(STAFF),  # the queue itself: reviewers only
    "moderation_api.mine GET": MINE,
    "moderation_api.decide POST": ask(STAFF),
    "moderation_api.consent_list GET": ask(STAFF),
    "moderation_api.consent_change PUT": PUPIL_OF,  # a teacher: their school's pupils
    "moderation_api.shown GET": ask(STAFF),
    "moderation_api.shown_change PUT": ask(STAFF),
    "moderation_api.request_page POST": REQUEST_PAGE,
    # -- reports and the dissemination export: admins and teachers (never pupils)
    "reports.index GET": ask(STAFF),
    "reports.quality_label GET": ask(STAFF),
    "reports.csv_download GET": ask(STAFF),
    "reports.pdf_download GET": ask(STAFF),
    "api_reports.report GET": ask(STAFF),
    "export.index GET": ask(STAFF),
    "export.licence POST": ask(STAFF),
    "export.download GET": ask(STAFF),
    "api_export.site GET": ask(STAFF),
    # -- working groups name people: members only; teachers manage them
    "groups.index GET": ask(),  # member.view
    "groups.create POST": ask(STAFF),  # groups.manage
    "groups.rename POST": ask(STAFF),
    "groups.delete POST": ask(STAFF),
    "groups.add_member POST": ask(STAFF),
    "groups.remove_member POST": ask(STAFF),
    "groups.suggest GET": ask(STAFF),
    "groups.save_suggestion POST": ask(STAFF),
    "groups_api.group_list GET": ask(),
    "groups_api.group_read GET": GROUP_MEMBERS,
    "groups_api.group_create POST": ask(STAFF),
    "groups_api.group_rename PUT": ask(STAFF),
    "groups_api.group_delete DELETE": ask(STAFF),
    "groups_api.group_members PUT": ask(STAFF),
    "groups_api.suggestion GET": ask(STAFF),
    "groups_api.suggestion_save POST": ask(STAFF),
}

# Partner finding is site-level (plugins/etwincms_partners/README.md): adults browse,
# teachers post, write and keep profiles, pupils are refused everything; a thread, a
# saved search and a space's listing that are not one's own are not found (404).
PARTNER_ADULTS = frozenset({"site_admin", "admin", "teacher", "other", "observer"})
PARTNER_TEACHERS = PARTNER_ADULTS - {"observer"}
PARTNER_AUTHOR = frozenset({"site_admin", "admin"})  # the post's author, A's founder
PARTNER_THREAD = frozenset({"admin", "teacher"})  # the two in the crawled thread

# The plugins' objects in space A keep their defaults: blogs, albums and articles are
# for members (hidden from visitors); the forum, glossary, survey and embeds are areas
# for members (visitors are asked to sign in).
PLUGINS: dict[str, Space | Site | dict[str, Space]] = {
    "blog.index GET": see(),
    "blog.blog GET": hide(),
    "blog.post GET": hide(),
    "blog.feed GET": NOTHING,  # feeds exist for public blogs only
    "blog.tracker GET": hide(STAFF),
    "blog.settings GET": hide(STAFF),
    "blog.settings POST": hide(STAFF),
    "blog.write GET": hide(EDIT),
    "blog.write POST": hide(EDIT),
    "blog.edit GET": hide(STAFF),  # someone else's post
    "blog.edit POST": hide(STAFF),
    "blog.delete POST": hide(STAFF),
    "blog.moderate POST": hide(STAFF),
    "blog.comment POST": hide(),
    "blog.moderation GET": ask(STAFF),
    "blog.new_blog GET": ask(STAFF),
    "blog.new_blog POST": ask(STAFF),
    "blog_api.list_blogs GET": see(),
    "blog_api.create_blog POST": ask(STAFF),
    "blog_api.read_blog GET": hide(),
    "blog_api.list_posts GET": hide(),
    "blog_api.read_post GET": hide(),
    "blog_api.list_comments GET": hide(),
    "blog_api.read_reflections GET": hide(STAFF),
    "blog_api.update_blog PATCH": hide(STAFF),
    "blog_api.write_post POST": hide(EDIT),
    "blog_api.update_post PATCH": hide(STAFF),
    "blog_api.delete_post DELETE": hide(STAFF),
    "blog_api.moderate_comment PATCH": hide(STAFF),
    "blog_api.write_comment POST": hide(),
    "embed.index GET": ask(),
    "embed.item GET": ask(),
    "embed.new POST": ask(MAKE),
    "embed.edit GET": ask(STAFF),
    "embed.edit POST": ask(STAFF),
    "embed.delete POST": ask(STAFF),
    "embed_api.list_items GET": ask(),
    "embed_api.read_item GET": ask(),
    "embed_api.list_providers GET": ask(),
    "embed_api.create_item POST": ask(MAKE),
    "embed_api.update_item PATCH": ask(STAFF),
    "embed_api.delete_item DELETE": ask(STAFF),
    "forum.index GET": ask(),
    "forum.forum GET": ask(),
    "forum.topic GET": ask(),
    "forum.history GET": ask(),
    "forum.subscriptions GET": ask(),
    "forum.new_topic GET": ask(MAKE),
    "forum.new_topic POST": ask(MAKE),
    "forum.reply POST": ask(EDIT),
    "forum.edit_post GET": ask(STAFF),  # someone else's post
    "forum.edit_post POST": ask(STAFF),
    "forum.manage GET": ask(STAFF),
    "forum.create_forum POST": ask(STAFF),
    "forum.rename_forum POST": ask(STAFF),
    "forum.move_forum POST": ask(STAFF),
    "forum.moderate_post POST": ask(STAFF),
    "forum.topic_action POST": ask(STAFF),  # lock
    "forum_api.list_topics GET": ask(),
    "forum_api.read_topic GET": ask(),
    "forum_api.start_topic POST": ask(MAKE),
    "forum_api.reply POST": ask(EDIT),
    "gallery.index GET": see(),
    "gallery.album GET": hide(),
    "gallery.album_zip GET": hide(),
    "gallery.item GET": hide(),
    "gallery.item_file GET": hide(),
    "gallery.upload POST": hide(EDIT),
    "gallery.album_settings GET": hide(STAFF),
    "gallery.album_settings POST": hide(STAFF),
    "gallery.delete_album POST": hide(STAFF),
    "gallery.make_cover POST": hide(STAFF),
    "gallery.edit_item POST": hide(STAFF),
    "gallery.move_item POST": hide(STAFF),
    "gallery.delete_item POST": hide(STAFF),
    "gallery.new_album GET": ask(STAFF),
    "gallery.new_album POST": ask(STAFF),
    "gallery_api.list_albums GET": see(),
    "gallery_api.create_album POST": ask(STAFF),
    "gallery_api.read_album GET": hide(),
    "gallery_api.list_items GET": hide(),
    "gallery_api.read_item GET": hide(),
    "gallery_api.content GET": hide(),
    "gallery_api.upload POST": hide(EDIT),
    "gallery_api.update_album PATCH": hide(STAFF),
    "gallery_api.delete_album DELETE": hide(STAFF),
    "gallery_api.reorder PUT": hide(STAFF),
    "gallery_api.update_item PATCH": hide(STAFF),
    "gallery_api.delete_item DELETE": hide(STAFF),
    "glossary.index GET": ask(),
    "glossary.concept GET": ask(),
    "glossary.cards GET": ask(),
    "glossary.export GET": ask(),
    "glossary.missing GET": ask(),
    "glossary.print_view GET": ask(),
    "glossary.quiz GET": ask(),
    "glossary.quiz POST": ask(),
    "glossary.new_concept GET": ask(EDIT),
    "glossary.new_concept POST": ask(EDIT),
    "glossary.edit_concept GET": ask(EDIT),
    "glossary.edit_concept POST": ask(EDIT),
    "glossary.delete_concept POST": ask(STAFF),
    "glossary.import_file GET": ask(STAFF),
    "glossary.import_file POST": ask(STAFF),
    "glossary.refresh_tooltips POST": ask(STAFF),
    "glossary_api.list_concepts GET": ask(),
    "glossary_api.read_concept GET": ask(),
    "glossary_api.create_concept POST": ask(EDIT),
    "glossary_api.update_concept PATCH": ask(EDIT),
    "glossary_api.delete_concept DELETE": ask(STAFF),
    "survey.index GET": ask(),
    "survey.show GET": ask(),
    "survey.answer GET": ask(EDIT),  # observers look on, they do not answer
    "survey.answer POST": ask(EDIT),
    "survey.public_answer GET": Space(
        EDIT, "see"
    ),  # the public link: anyone but observers
    "survey.public_answer POST": Space(EDIT, "see"),
    "survey.results_page GET": ask(MAKE),
    "survey.new GET": ask(STAFF),
    "survey.new POST": ask(STAFF),
    "survey.edit GET": ask(STAFF),
    "survey.edit POST": ask(STAFF),
    "survey.delete POST": ask(STAFF),
    "survey.export GET": ask(STAFF),
    "survey.add_question POST": ask(STAFF),
    "survey.remove_question POST": ask(STAFF),
    "survey.move_question POST": ask(STAFF),
    "survey.set_status POST": ask(STAFF),
    "survey.publish_results POST": ask(STAFF),
    "survey_api.list_surveys GET": ask(),
    "survey_api.read_survey GET": ask(),
    "survey_api.update_survey PATCH": ask(STAFF),
    "survey_api.respond POST": ask(EDIT),
    "survey_api.read_results GET": ask(MAKE),
    "wiki.index GET": see(),
    "wiki.go GET": see(),
    "wiki.random GET": see(),
    "wiki.changes GET": ask(),
    "wiki.new GET": ask(EDIT),
    "wiki.new POST": ask(EDIT),
    "wiki.unreviewed GET": ask(STAFF),
    "wiki.review POST": ask(STAFF),
    "wiki.article GET": hide(),
    "wiki.diff GET": hide(),
    "wiki.history GET": hide(),
    "wiki.links_here GET": hide(),
    "wiki.talk GET": hide(),
    "wiki.comment POST": hide(),
    "wiki.edit GET": hide(EDIT),
    "wiki.edit POST": hide(EDIT),
    "wiki.revert POST": hide(EDIT),
    "wiki.link_version POST": hide(EDIT),
    "wiki.article_action POST": hide(STAFF),  # protect
    "wiki_api.list_articles GET": see(),
    "wiki_api.create_article POST": ask(EDIT),
    "wiki_api.recent_changes GET": ask(),
    "wiki_api.unreviewed_changes GET": ask(STAFF),
    "wiki_api.review POST": ask(STAFF),
    "wiki_api.read_article GET": hide(),
    "wiki_api.comments GET": hide(),
    "wiki_api.links_here GET": hide(),
    "wiki_api.history GET": hide(),
    "wiki_api.revision GET": hide(),
    "wiki_api.diff GET": hide(),
    "wiki_api.add_comment POST": hide(),
    "wiki_api.update_article PUT": hide(EDIT),
    "wiki_api.revert POST": hide(EDIT),
    "wiki_api.link_version POST": hide(EDIT),
    "wiki_api.article_settings PATCH": hide(STAFF),
    # Meetings are for members (visitors are asked to sign in); the crawled meeting is
    # addressed to pupils too. The calendar feed's secret address is its own key.
    "meetings.index GET": ask(),
    "meetings.show GET": ask(),
    "meetings.download GET": ask(),
    "meetings.zone GET": ask(),
    "meetings.zone POST": ask(),
    "meetings.new_feed POST": ask(),
    "meetings.revoke_feed POST": ask(),
    "meetings.rsvp POST": ask(EDIT),  # observers read, they are not invited
    "meetings.new GET": ask(STAFF),
    "meetings.new POST": ask(STAFF),
    "meetings.edit GET": ask(STAFF),
    "meetings.edit POST": ask(STAFF),
    "meetings.delete POST": ask(STAFF),
    "meetings.start POST": ask(STAFF),
    "meetings.attendance GET": ask(STAFF),
    "meetings.attendance POST": ask(STAFF),
    "meetings.add_decision POST": ask(STAFF),
    "meetings.remove_decision POST": ask(STAFF),
    "meetings.minutes POST": ask(STAFF),
    "meetings_feed.feed GET": ANYONE,
    "meetings_api.list_meetings GET": ask(),
    "meetings_api.read_meeting GET": ask(),
    "meetings_api.rsvp PUT": ask(EDIT),
    "meetings_api.schedule_meeting POST": ask(STAFF),
    "meetings_api.update_meeting PATCH": ask(STAFF),
    "meetings_api.delete_meeting DELETE": ask(STAFF),
    "meetings_api.attendance PUT": ask(STAFF),
    # Site-level, whatever the space: see PARTNER_* above. Writing to oneself (the
    # admin answering their own post, writing to their space's founder) is "invalid".
    "partners.index GET": Site(PARTNER_ADULTS),
    "partners.post GET": Site(PARTNER_ADULTS),
    "partners.person GET": Site(PARTNER_ADULTS),  # the teacher's discoverable profile
    "partners.school GET": Site(PARTNER_ADULTS),
    "partners.space GET": Site(PARTNER_ADULTS),  # space A is listed
    "partners.saved GET": Site(PARTNER_ADULTS),
    "partners.save_search POST": Site(PARTNER_ADULTS),
    "partners.new_post GET": Site(PARTNER_TEACHERS),
    "partners.new_post POST": Site(PARTNER_TEACHERS),
    "partners.reply_to_post POST": Site(PARTNER_TEACHERS),
    "partners.profile GET": Site(PARTNER_TEACHERS),
    "partners.profile POST": Site(PARTNER_TEACHERS),
    "partners.school_profile GET": Site(PARTNER_TEACHERS),  # site admin: no school
    "partners.school_profile POST": Site(PARTNER_TEACHERS),
    "partners.write_to POST": Site(PARTNER_TEACHERS),
    "partners.contact_founder POST": Site(PARTNER_TEACHERS),
    "partners.block POST": Site(PARTNER_TEACHERS),
    "partners.unblock POST": Site(PARTNER_TEACHERS),
    "partners.inbox GET": Site(PARTNER_TEACHERS),
    "partners.edit_post GET": Site(PARTNER_AUTHOR),
    "partners.edit_post POST": Site(PARTNER_AUTHOR),
    "partners.close_post POST": Site(PARTNER_AUTHOR),
    "partners.listing GET": Site(PARTNER_AUTHOR, refused="404"),  # space.plugins in A
    "partners.listing POST": Site(PARTNER_AUTHOR, refused="404"),
    "partners.thread GET": Site(PARTNER_THREAD, refused="404"),
    "partners.reply POST": Site(PARTNER_THREAD, refused="404"),
    "partners.report POST": Site(PARTNER_THREAD, refused="404"),
    "partners.open_saved GET": Site(frozenset({"teacher"}), refused="404"),
    "partners.delete_saved POST": Site(frozenset({"teacher"}), refused="404"),
    "partners.reports GET": Site(frozenset({"site_admin"})),
    "partners.resolve POST": Site(frozenset({"site_admin"})),
    "partners_api.list_posts GET": Site(PARTNER_ADULTS),
    "partners_api.list_people GET": Site(PARTNER_ADULTS),
    "partners_api.list_schools GET": Site(PARTNER_ADULTS),
    "partners_api.list_spaces GET": Site(PARTNER_ADULTS),
    "partners_api.read_post GET": Site(PARTNER_ADULTS),
    "partners_api.create_post POST": Site(PARTNER_TEACHERS),
    "partners_api.reply_to_post POST": Site(PARTNER_TEACHERS),
    "partners_api.list_threads GET": Site(PARTNER_TEACHERS),
    "partners_api.read_thread GET": Site(PARTNER_THREAD, refused="404"),
    "partners_api.send_message POST": Site(PARTNER_THREAD, refused="404"),
    "meetings_api.start_meeting POST": ask(STAFF),
    "meetings_api.add_decision POST": ask(STAFF),
    "meetings_api.remove_decision DELETE": ask(STAFF),
}

TABLE = {**CORE, **PLUGINS}


def key(endpoint: str, method: str) -> str:
    """The table's key of a request: HEAD is answered as GET is."""
    return f"{endpoint} {'GET' if method == 'HEAD' else method}"


def expected(entry: Space | Site | dict[str, Space], actor: str, target: str) -> str:
    """``ok``, ``login``, ``403`` or ``404``: what ``actor`` should meet at ``target``."""
    space, _, page = target.partition("/")
    if isinstance(entry, dict):
        entry = entry[page]
    if isinstance(entry, Site):
        return for_site(entry, actor)
    if actor == "site_admin":
        return "ok" if entry.site_admin else entry.refused
    return in_space_a(entry, actor) if space == "A" else in_space_b(entry, actor)


def for_site(entry: Site, actor: str) -> str:
    if actor == "anon":
        return entry.anon
    return "ok" if actor in entry.allowed else entry.refused


def in_space_a(entry: Space, actor: str) -> str:
    if actor in ("anon", "other"):
        anon, other = VISITORS[entry.visitors]
        return anon if actor == "anon" else other
    return "ok" if actor in entry.roles else entry.refused


VISITORS = {
    "see": ("ok", "ok"),
    "ask": ("login", "403"),
    "hide": ("404", "404"),
    "sign_in": ("login", "404"),
    "own": ("login", "ok"),
}


def in_space_b(entry: Space, actor: str) -> str:
    if actor != "other":
        return "404"  # a private space: no existence leak
    allowed = (
        entry.other_in_b if entry.other_in_b is not None else "teacher" in entry.roles
    )
    return "ok" if allowed else entry.refused
