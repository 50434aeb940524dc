"""Hook specifications: the whole contract between the core and plugins.

Grouped by lifecycle. **Startup** hooks are called once in ``create_app`` and return
lists of frozen dataclasses from :mod:`etwincms.hooktypes`, which the core validates into
registries. **Request-time** hooks are project-scoped: the core calls them through
``project_hooks(project)``, so only the plugins a space has switched on answer.
**Events** are called after the change they announce was committed (never for a
rolled-back change), also project-scoped. **Privacy** hooks are site-wide.

Hooks are always called with keyword arguments; an implementation may accept any subset
of the documented arguments, and arguments are only ever added, never removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click
    from flask import Flask, Request
    from jinja2 import Environment
    from markupsafe import Markup

    from .hooktypes import (
        Asset,
        BlockType,
        BlueprintSpec,
        ContentType,
        Contribution,
        ExportPage,
        ItemAction,
        LinkTarget,
        MigrationSource,
        NavItem,
        PendingPublication,
        Permission,
        PluginMeta,
        ProjectTemplate,
        SanitizerRules,
        SearchBackendSpec,
        SearchDocument,
        SettingSpec,
    )
    from .models import Material, Page, Project, Revision, Role, User

hookspec = pluggy.HookspecMarker("etwincms")


# -- Startup: called once per application; results are frozen into registries ----------


@hookspec(historic=True)
def register_hookspecs(pm: pluggy.PluginManager) -> None:
    """Publish hooks of your own for other plugins to implement.

    Call ``pm.add_hookspecs(module_or_class)``. Historic: plugins registered later still
    receive the call. Name your hooks ``<plugin>_<event>`` (``forum_topic_created``) and
    call them through ``project_hooks(project)`` so that only switched-on plugins answer.

    :param pm: The application's plugin manager.
    """


@hookspec
def register_plugin() -> PluginMeta:
    """Describe the plugin: name, title, description, the plugins it requires.

    Usually ``PLUGIN = PluginMeta(...)`` in the package and ``return PLUGIN`` here. The
    name must equal the entry point's name. Core modules do not implement it.

    :return: A ``PluginMeta``.
    """


@hookspec
def register_settings() -> list[SettingSpec]:
    """Declare the per-space settings of the plugin.

    Stored as JSON in ``ProjectPlugin.settings`` and validated against these specs
    whenever a space admin changes them; read them with
    ``etwincms.plugins.plugin_settings(project, "<plugin>")``.

    :return: A list of ``SettingSpec``.
    """


@hookspec
def register_models() -> list[type]:
    """Return the SQLAlchemy model classes the plugin owns.

    Importing them here puts them into the shared metadata (for migrations and the
    privacy contract). Table names must start with ``<plugin>_``.

    :return: A list of model classes derived from ``etwincms.db.Base``.
    """


@hookspec
def register_migrations() -> list[MigrationSource]:
    """Return the plugin's Alembic branch.

    Convention: ``MigrationSource(branch="<plugin>", path=<package>/migrations/versions)``;
    the first revision has ``branch_labels=("<plugin>",)`` and ``depends_on`` the core
    revision it needs. ``etwincms db upgrade`` applies every branch.

    :return: A list of ``MigrationSource`` (usually one).
    """


@hookspec
def register_blueprints() -> list[BlueprintSpec]:
    """Return Flask blueprints and where to mount them (``project``, ``site`` or ``api``).

    The core mounts them once and guards ``project`` and ``api`` mounts: in a space that
    has not switched the plugin on they answer 404. Inside a project mount ``g.project``
    is the space and ``url_for`` fills in its slug.

    :return: A list of ``BlueprintSpec``.
    """


@hookspec
def register_permissions() -> list[Permission]:
    """Declare the capabilities this plugin checks with ``can()``.

    Each ``Permission`` names a dotted capability (``forum.moderate``), describes it and
    lists the roles that hold it by default. A space may override the defaults per role.
    Duplicate names fail at start-up.

    :return: A list of ``Permission``.
    """


@hookspec
def register_content_types() -> list[ContentType]:
    """Declare the kinds of content the plugin stores (for search, phases, moderation).

    :return: A list of ``ContentType``.
    """


@hookspec
def register_block_types() -> list[BlockType]:
    """Declare blocks that pages may embed with a fenced ```` ```block:<name> ````.

    The block's ``render`` output is sanitized with the rest of the page.

    :return: A list of ``BlockType``.
    """


@hookspec
def register_sanitizer_rules(pm: pluggy.PluginManager) -> list[SanitizerRules]:
    """Widen the one sanitizer's allowlist (for example iframe hosts for embeds).

    The core refuses rules that would allow scripts, styles or event handlers.

    :param pm: The plugin manager being built, to ask other plugins (through hooks a
        plugin published) what the rules must cover, e.g. their embed providers' hosts.
    :return: A list of ``SanitizerRules``.
    """


@hookspec
def register_search_backends() -> list[SearchBackendSpec]:
    """Offer search backends, chosen with the ``SEARCH_BACKEND`` setting.

    :return: A list of ``SearchBackendSpec``.
    """


@hookspec
def register_project_templates() -> list[ProjectTemplate]:
    """Offer ways to start a space: which plugins are on, which pages exist.

    :return: A list of ``ProjectTemplate``.
    """


@hookspec
def register_cli_commands(cli: click.Group) -> None:
    """Add commands to the ``etwincms`` command line (``etwincms forum ...``).

    :param cli: The ``etwincms`` click group: ``cli.add_command(my_group)``.
    """


@hookspec
def prepare_jinja_env(env: Environment) -> None:
    """Add filters, globals and tests to the template environment.

    :param env: The application's Jinja environment.
    """


@hookspec
def startup(app: Flask) -> None:
    """Called once, after every registry is built and every blueprint mounted.

    Use it for sanity checks and warming caches. Never change the database schema here:
    migrations are an explicit ``etwincms db upgrade``.

    :param app: The application being created.
    """


# -- Request-time: project-scoped, called through project_hooks(project) ----------------


@hookspec
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    """Add entries to a space's navigation.

    Return only the items the user may use (check with ``can()``).

    :param project: The space being shown.
    :param user: The signed-in user, or ``None`` for an anonymous visitor.
    :return: A list of ``NavItem``.
    """


@hookspec
def project_admin_items(project: Project, user: User | None) -> list[NavItem]:
    """Add entries to a space's settings sidebar (shown to those who may use them).

    :param project: The space being administered.
    :param user: The signed-in user.
    :return: A list of ``NavItem``.
    """


@hookspec
def item_actions(item: Any, project: Project, user: User | None) -> list[ItemAction]:
    """Add actions to an item's menu (a page today; plugins' own items call it too).

    :param item: The object shown (a ``Page``, a forum topic...).
    :param project: Its space.
    :param user: The signed-in user, or ``None``.
    :return: A list of ``ItemAction``.
    """


@hookspec
def template_slot(slot: str, context: dict[str, Any]) -> Markup | str | None:
    """Put HTML into a named slot of the theme (``space_home``, ``page_footer``...).

    A plain ``str`` is escaped; return ``markupsafe.Markup`` for HTML you built safely.
    Results of every plugin are joined in order.

    :param slot: The slot's name (see docs/themes).
    :param context: The template's context (``project``, ``page``, ``user`` ...).
    :return: HTML for the slot, or ``None``.
    """


@hookspec
def extra_template_context(
    template: str, project: Project | None, request: Request
) -> dict[str, Any]:
    """Add variables to a template's context.

    :param template: The template being rendered.
    :param project: The space, when the page belongs to one.
    :param request: The current request.
    :return: A mapping of extra variables.
    """


@hookspec
def extra_assets(template: str, project: Project | None) -> list[Asset]:
    """Add stylesheets or scripts to a page (served from your ``static/<plugin>/``).

    :param template: The template being rendered.
    :param project: The space, when the page belongs to one.
    :return: A list of ``Asset``.
    """


@hookspec
def markdown_extensions(project: Project) -> list[Any]:
    """Extend the Markdown parser for pages of this space.

    Return markdown-it-py plugins (``fn(md: MarkdownIt) -> None``). Their output is
    sanitized like everything else.

    :param project: The space whose page is rendered.
    :return: A list of callables taking the ``MarkdownIt`` instance.
    """


@hookspec(firstresult=True)
def resolve_wikilink(target: str, project: Project) -> LinkTarget | None:
    """Resolve a ``[[prefix:target]]`` wiki link (``[[glossary:compost]]``).

    Stops at first non-None result. Return ``None`` for links that are not yours; page
    titles are resolved by the core.

    :param target: The text between ``[[`` and ``]]`` (without a ``|label``).
    :param project: The space of the page being rendered.
    :return: A ``LinkTarget`` or ``None``.
    """


@hookspec(firstresult=True)
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    """Decide a permission question about plugins' capabilities (e.g. a topic's author).

    Stops at first non-None result. Asked only for capabilities declared by plugins (the
    core's own follow docs/permissions.md and can only be narrowed, with
    ``narrow_permission``), after the site-admin and archived-space rules, before role
    defaults; return ``None`` to leave it to them. Capabilities that pupils may never
    hold are never granted to pupils or outsiders, whatever this returns.

    :param user: The user asking (``None``: anonymous).
    :param capability: The capability asked about.
    :param project: The space.
    :param obj: The object acted on, or ``None``.
    :return: ``True``, ``False`` or ``None``.
    """


@hookspec
def narrow_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    """Refuse one of the core's capabilities where your rule says so (a working group's
    pages are for its members and the space's teachers).

    Asked only for the core's capabilities (``page.view``, ``page.edit``...), after the
    site-admin and archived-space rules, before the roles. Return ``False`` to refuse;
    ``None`` leaves it to the usual rules. It never grants: ``True`` counts as ``None``.
    It is asked once per page of a space's tree, so answer from what is already loaded
    or cached, never with a query per call.

    :param user: The user asking (``None``: anonymous).
    :param capability: The core capability asked about.
    :param project: The space.
    :param obj: The object acted on (a :class:`~etwincms.models.Page`...), or ``None``.
    :return: ``False`` or ``None``.
    """


@hookspec(firstresult=True)
def material_shown(
    material: Material, project: Project, user: User | None
) -> bool | None:
    """Say that ``material`` is shown in your content that ``user`` may read.

    Stops at first non-None result. Asked only when someone who may not see the space's
    materials library (``material.view``) and reads no core page using the file asks for
    its bytes (the file or its thumbnail): never for the library's listing or a file's
    details, never for a trashed file or another space's. Return ``True`` when a live
    item of yours that ``user`` may read (check with ``can()``) shows or links it;
    ``None`` leaves it to other plugins (and then the answer is no).

    :param material: The requested material, of ``project`` and not in the trash.
    :param project: The space, which ``user`` may see.
    :param user: The user asking (``None``: anonymous).
    :return: ``True`` or ``None``.
    """


@hookspec
def search_documents(project: Project) -> Iterable[SearchDocument]:
    """Yield every searchable item of this space (for a full index rebuild).

    :param project: The space to index.
    :return: An iterable of ``SearchDocument``.
    """


@hookspec
def search_audiences(user: User | None, project: Project) -> Iterable[str]:
    """Name the audience tags ``user`` holds in ``project``, for search.

    A ``SearchDocument`` with an ``audience`` is found only by the space's readers who
    hold its tag (a working group's topics by its members); the answers of every plugin
    are put together. Return ``"*"`` for someone who reads every audience of the space
    (its teachers). Asked once per space a searcher may read, so answer from what is
    loaded or cached. Only narrows: visitors never find a document with an audience.

    :param user: The searcher (``None``: anonymous), who may read the space.
    :param project: The space.
    :return: Tags, e.g. ``["group:12"]``, ``["*"]`` or none.
    """


@hookspec(firstresult=True)
def search_audience(project: Project, obj: Page | Material) -> str | None:
    """Give the audience tag of a core page or file, when your rule keeps it from some
    of the space's readers (a working group's pages are its members').

    Stops at first non-None result. Asked when the page or file is indexed. The core
    indexes a space's pages and files again when your plugin is switched on or off
    there, and a page's subtree when it moves; when your answer changes for other
    reasons, put the pages in the search outbox (``etwincms.search.outbox.enqueue``).
    Keep it in line with your ``narrow_permission`` rule: search shows the item to
    those who hold the tag (``search_audiences``).

    :param project: The page's or file's space.
    :param obj: The page or file being indexed.
    :return: A tag (``"group:12"``), or ``None``.
    """


# -- Project lifecycle: phases, reports, moderation, dissemination (project-scoped) ----


@hookspec
def space_contributions(project: Project) -> Iterable[Contribution]:
    """Yield every item of yours in this space, live (not trashed), once each.

    Phase views, the report pack and the Quality Label evidence are built from these;
    they count items by their author's role and school, never by name.

    :param project: The space.
    :return: An iterable of ``Contribution``.
    """


@hookspec
def pending_publications(project: Project) -> Iterable[PendingPublication]:
    """Yield pupils' items of yours that wait for a teacher before they become public.

    When a pupil makes something public (or posts where everything is public), keep it
    members-only and report it here until :func:`decide_publication` is called.

    :param project: The space.
    :return: An iterable of ``PendingPublication``.
    """


@hookspec(firstresult=True)
def decide_publication(
    project: Project, item_id: str, approve: bool, actor: User
) -> bool | None:
    """Publish a waiting item (``approve``) or keep it members-only (a rejection).

    Stops at first non-None result. Return ``None`` when ``item_id`` is not yours.
    Refuse (raise ``etwincms.errors.ValidationError`` with the reason) when the item
    may not go public, for instance because it shows a pupil without public consent
    (:func:`etwincms.moderation.consent.publication_blockers`). The core checks that
    ``actor`` may moderate, writes the audit entry and commits.

    :param project: The space.
    :param item_id: ``Contribution.id`` of the waiting item.
    :param approve: True to publish, False to reject.
    :param actor: The teacher deciding.
    :return: ``True`` when handled, else ``None``.
    """


@hookspec
def public_export(project: Project) -> Iterable[ExportPage]:
    """Yield your public content of this space as pages of its static export.

    Only what a visitor may read today, with pupils shown as
    :func:`etwincms.privacy.public_name` gives them; no external resources.

    :param project: The space being exported.
    :return: An iterable of ``ExportPage``.
    """


# -- Events: after commit, project-scoped (user_registered is site-wide) ---------------


@hookspec
def page_saved(page: Page, revision: Revision, user: User | None, is_new: bool) -> None:
    """A page was created or a new revision saved.

    :param page: The page.
    :param revision: The revision just saved.
    :param user: Who saved it.
    :param is_new: True when the page was created by this save.
    """


@hookspec
def page_deleted(page: Page, user: User | None) -> None:
    """A page (with its subpages) went to the trash.

    :param page: The page.
    :param user: Who deleted it.
    """


@hookspec
def page_moved(page: Page, old_path: str, user: User | None) -> None:
    """A page moved in the tree (its subpages with it).

    :param page: The page, with its new path.
    :param old_path: Its path before the move.
    :param user: Who moved it.
    """


@hookspec
def member_added(
    project: Project, user: User, role: Role, added_by: User | None
) -> None:
    """Someone became a member of a space.

    :param project: The space.
    :param user: The new member.
    :param role: Their role.
    :param added_by: Who added them (``None``: the system).
    """


@hookspec
def member_removed(project: Project, user: User, removed_by: User | None) -> None:
    """Someone stopped being a member of a space.

    :param project: The space.
    :param user: The former member.
    :param removed_by: Who removed them.
    """


@hookspec
def project_created(project: Project, user: User) -> None:
    """A space was created. Do not assume your plugin is on in it.

    :param project: The new space.
    :param user: Its founder.
    """


@hookspec
def space_template_applied(project: Project, template: str, user: User) -> None:
    """A space was created from a space template (after ``project_created``).

    Create the starter content your plugin owes that template (the Erasmus+ template's
    teachers' bulletin, diary, glossary, surveys) when your plugin is on in the space.

    :param project: The new space.
    :param template: The template's name (``"erasmus_blended"``).
    :param user: Its founder.
    """


@hookspec
def mobility_saved(
    project: Project, mobility: Any, user: User | None, is_new: bool
) -> None:
    """A mobility of the space was created or changed.

    :param project: The space.
    :param mobility: The ``etwincms.phases.models.Mobility`` (dates, host school).
    :param user: Who saved it.
    :param is_new: True when it was created by this save.
    """


@hookspec
def plugin_enabled(project: Project, plugin: str, user: User | None) -> None:
    """A space switched a plugin on (also when switching it on again).

    Create default content here if the space has none (the forum's first category);
    never change the schema.

    :param project: The space.
    :param plugin: The plugin's name (compare with your own).
    :param user: Who switched it on.
    """


@hookspec
def plugin_disabled(project: Project, plugin: str, user: User | None) -> None:
    """A space switched a plugin off. Its data stays; nothing is deleted.

    :param project: The space.
    :param plugin: The plugin's name.
    :param user: Who switched it off.
    """


@hookspec
def user_registered(user: User) -> None:
    """An account was created (site-wide: every plugin is told).

    :param user: The new account.
    """


# -- Privacy: site-wide, mandatory for every plugin that stores data about people -------


@hookspec
def personal_data_export(user: User) -> dict[str, Any] | None:
    """Return everything your plugin stores about ``user``, as JSON-serialisable data.

    Mandatory for plugins whose tables reference users (a contract test checks it).

    :param user: The person whose data is exported.
    :return: A mapping for your plugin's section of the export, or ``None``.
    """


@hookspec
def personal_data_erase(user: User) -> None:
    """Delete or anonymise what your plugin stores about ``user``.

    Use ``etwincms.db.get_session()``; the core commits once every plugin is done.
    Mandatory for plugins whose tables reference users (a contract test checks it).

    :param user: The person whose data is erased.
    """
