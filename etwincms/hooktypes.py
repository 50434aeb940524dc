"""The frozen dataclasses that hooks return; the core validates and mounts them.

A plugin never mutates the application: it describes what it adds (a capability, a
blueprint and where to mount it, a setting, a migration folder...) and the core decides
how to wire it. Everything here is immutable and compared by value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from flask import Blueprint

CAPABILITY_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True, slots=True)
class PluginMeta:
    """What a plugin says about itself: ``PLUGIN = PluginMeta(...)`` in its package.

    :param name: The plugin's name: its entry point's name, URL segment, template folder,
        migration branch and ``ProjectPlugin`` key. Lowercase letters, digits, ``_``.
    :param title: Human name shown to space admins ("Forum").
    :param description: One sentence shown next to the switch.
    :param requires: Names of plugins that must be installed (and switched on in a space)
        for this one to work; checked at start-up.
    :param space_scoped: False for site-level plugins that spaces do not switch on or off.
    """

    name: str
    title: str
    description: str = ""
    requires: tuple[str, ...] = ()
    space_scoped: bool = True

    def __post_init__(self) -> None:
        if not PLUGIN_NAME.match(self.name):
            raise ValueError(f"plugin name {self.name!r}: use 2-40 of [a-z0-9_]")


@dataclass(frozen=True, slots=True)
class Permission:
    """A capability that ``can()`` answers for.

    :param name: Dotted name, ``<area>.<verb>``: ``page.edit``, ``forum.moderate``.
    :param description: One sentence shown to space admins when they override roles.
    :param default_roles: Role values (``"admin"``, ``"teacher"``, ``"pupil_lead"``,
        ``"pupil"``, ``"observer"``) that hold it unless a space overrides it.
    :param writes: True when the capability changes content; archived spaces refuse
        every writing capability.
    :param pupil_grantable: False for capabilities a space may never give to pupils
        (managing members, publishing): overrides that try are rejected.
    :param site_kinds: For site-level capabilities (checked with ``project=None``): the
        user kinds (``"teacher"``, ``"staff"``, ``"pupil"``) that hold it.
    """

    name: str
    description: str
    default_roles: frozenset[str] = frozenset()
    writes: bool = False
    pupil_grantable: bool = True
    site_kinds: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not CAPABILITY_NAME.match(self.name):
            raise ValueError(f"capability name {self.name!r} is not <area>.<verb>")


@dataclass(frozen=True, slots=True)
class NavItem:
    """An entry in a space's navigation (or in its admin sidebar).

    :param key: Stable identifier (``"forum"``), used for the active state.
    :param label: Text shown (a lazy gettext string, so it follows the locale).
    :param endpoint: Flask endpoint the item links to.
    :param endpoint_args: Extra ``url_for`` arguments besides the space's ``slug``.
    :param order: Lower comes first; the core uses 0-99.
    """

    key: str
    label: Any
    endpoint: str
    endpoint_args: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True, slots=True)
class ItemAction:
    """A link or button in an item's action menu (a page, a post, a topic...).

    :param label: Text shown.
    :param url: Where it goes.
    :param method: ``"get"`` for a link, ``"post"`` for a button in a CSRF-protected form.
    """

    label: Any
    url: str
    method: Literal["get", "post"] = "get"


SettingType = Literal["bool", "int", "str", "choice"]


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """A per-space setting of a plugin, stored as JSON in ``ProjectPlugin.settings``.

    :param key: Name inside the plugin's settings (``"posts_per_page"``).
    :param label: Shown on the space's plugin settings form.
    :param type: ``bool``, ``int``, ``str`` or ``choice``.
    :param default: Value used until an admin changes it.
    :param help: One sentence of help.
    :param choices: Allowed values for ``choice``.
    :param minimum: Lower bound for ``int``.
    :param maximum: Upper bound for ``int`` (or maximum length for ``str``).
    """

    key: str
    label: Any
    type: SettingType
    default: Any
    help: Any = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


Mount = Literal["project", "site", "api", "site_api"]


@dataclass(frozen=True, slots=True)
class BlueprintSpec:
    """A blueprint and where the core mounts it.

    ``project``: ``/s/<slug>/-/<plugin>/...``, answering 404 in spaces that have not
    switched the plugin on (``g.project`` is the space). ``site``: ``/-/<plugin>/...``.
    ``api``: ``/api/v1/projects/<slug>/<plugin>/...``, guarded like ``project``.
    ``site_api``: ``/api/v1/<plugin>/...``, the API of a plugin that belongs to no space.
    The blueprint's name must be the plugin's name or start with ``<plugin>_``.
    """

    blueprint: Blueprint
    mount: Mount = "project"


@dataclass(frozen=True, slots=True)
class MigrationSource:
    """A plugin's Alembic branch: its label and its ``versions`` folder."""

    branch: str
    path: Path


@dataclass(frozen=True, slots=True)
class ContentType:
    """A kind of content a plugin stores (``forum_topic``, ``blog_post``...).

    :param name: Unique name, ``<plugin>_<thing>``.
    :param label: Human name ("Forum topic").
    :param searchable: Whether its items produce search documents.
    :param view_capability: What a reader needs to find its items in search (on top of
        each document's visibility), e.g. ``"forum.view"``; None: reading the space.
    """

    name: str
    label: Any
    searchable: bool = True
    view_capability: str | None = None


@dataclass(frozen=True, slots=True)
class BlockType:
    """A block a page body may embed as a fenced block: ```` ```block:<name> ````.

    :param name: Unique name (``"youtube"``).
    :param label: Shown in editors.
    :param render: ``render(params, project) -> str`` of HTML; the result is sanitized
        with the rest of the page, so only allowed markup survives.
    :param to_text: ``to_text(params) -> str`` for search and plain-text exports.
    """

    name: str
    label: Any
    render: Callable[[Mapping[str, str], Any], str]
    to_text: Callable[[Mapping[str, str]], str] = lambda params: ""


@dataclass(frozen=True, slots=True)
class SanitizerRules:
    """Widening of the one sanitizer's allowlist (validated by the core).

    :param tags: Extra tags (never ``script``, ``style`` or event handlers).
    :param attributes: Extra attributes per tag.
    :param classes: Extra CSS classes per tag.
    :param iframe_hosts: Hosts whose ``https`` URLs an ``<iframe src>`` may use.
    """

    tags: frozenset[str] = frozenset()
    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    classes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    iframe_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SearchBackendSpec:
    """A search backend: ``factory(app) -> backend`` selected by ``SEARCH_BACKEND``."""

    name: str
    factory: Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class TemplatePage:
    """A page a space template creates (with its subpages)."""

    title: str
    body: str = ""
    children: tuple[TemplatePage, ...] = ()
    public: bool = False


@dataclass(frozen=True, slots=True)
class ProjectTemplate:
    """A way to start a space: which plugins are on and which pages exist.

    :param plugins: Plugins switched on (``None``: the site's default set).
    """

    name: str
    label: Any
    description: Any = ""
    plugins: tuple[str, ...] | None = None
    pages: tuple[TemplatePage, ...] = ()


@dataclass(frozen=True, slots=True)
class Asset:
    """A stylesheet or script a page needs (kept structured for the CSP)."""

    url: str
    kind: Literal["css", "js"]


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a wiki link points, and whether the target exists yet."""

    href: str
    exists: bool
    label: str | None = None


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """One searchable item, as every content type hands it to the search index.

    :param id: ``"<type>:<pk>"``, unique across the site.
    :param visibility: ``"public"`` or ``"members"``.
    :param audience: When set, only the space's readers who hold this tag find the
        document (a working group's ``"group:<id>"``; see the ``search_audiences``
        hook). It only ever narrows: such a document is never found by visitors, even
        when its visibility is public. Tags are unique across the site and hold no
        spaces.
    """

    id: str
    project_id: int
    type: str
    title: str
    body: str
    url: str
    plugin: str
    language: str = ""
    visibility: str = "members"
    updated_at: datetime | None = None
    audience: str = ""


@dataclass(frozen=True, slots=True)
class Contribution:
    """One thing made in a space, as the core and plugins report it for phase views,
    the report pack, the moderation queue and the dissemination export.

    :param id: ``"<type>:<pk>"``, the same id as the item's ``SearchDocument``.
    :param type: The content type's name (``"blog_post"``).
    :param plugin: The plugin that owns it (``"core"`` for pages and materials).
    :param title: Its title, as members see it.
    :param url: Its path on the site (``/s/<space>/-/blog/...``).
    :param author_id: Who made it (``None``: unknown or erased). Never shown publicly:
        public output names pupils through :func:`etwincms.privacy.public_name`.
    :param created_at: When it was made (aware, UTC).
    :param public: Whether visitors can read it now.
    :param output: Whether it is a result worth reporting (a public page, an album, a
        glossary, a survey with results) rather than a post or a comment.
    """

    id: str
    type: str
    plugin: str
    title: str
    url: str
    author_id: int | None
    created_at: datetime
    public: bool = False
    output: bool = False


@dataclass(frozen=True, slots=True)
class PendingPublication:
    """Content by a pupil that is about to become public and waits for a teacher.

    :param item: The contribution (still members-only while it waits).
    :param requested_at: When the pupil asked for it to become public.
    :param excerpt: Plain text shown in the queue (a few hundred characters).
    """

    item: Contribution
    requested_at: datetime
    excerpt: str = ""


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A file of the dissemination export: bytes, or an uploaded file by storage key.

    :param path: Where it goes in the export (``"gallery/visit/photo-3.jpg"``).
    """

    path: str
    data: bytes | None = None
    storage_key: str | None = None


@dataclass(frozen=True, slots=True)
class ExportPage:
    """One page of the static dissemination export of a space's public content.

    :param path: Where it goes (``"blog/first-week.html"``), ``/``-separated, relative.
    :param title: Its title.
    :param html: Its body: sanitized HTML with no pupil's name (use ``public_name``).
        Links to the live site are rewritten by the exporter to the exported pages.
    :param url: The live path this page stands for (``Contribution.url``), for links.
    :param text: Plain text for the export's client-side search index.
    :param files: Images and attachments the page shows or links.
    """

    path: str
    title: str
    html: str
    url: str
    text: str = ""
    files: tuple[ExportFile, ...] = ()
