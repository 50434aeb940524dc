"""The HTML of an embed: a click-to-load placeholder, a sandboxed frame, or a link.

With click-to-load (the default) nothing in the HTML makes the browser contact the
provider: the placeholder names the provider, says that loading sends data to it, and
carries the frame's address in ``data-embed-*`` attributes for ``static/embed/embed.js``
to build the frame when a person clicks; without JavaScript its link opens the content
on the provider's site. Without click-to-load the frame is there at once, sandboxed
with the provider's own permissions. URLs no allowed provider knows become plain links
(``https`` only), and unsafe ones plain text. Every piece is escaped here and the result
still goes through the core's sanitizer, which admits exactly these classes and
attributes (:data:`SANITIZER_ATTRIBUTES`, :data:`SANITIZER_CLASSES`).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from markupsafe import Markup

from .parsing import Embed, recognise, safe_url
from .providers import Provider

PLACEHOLDER_ATTRIBUTES = frozenset(
    {
        "data-embed-src",
        "data-embed-title",
        "data-embed-provider",
        "data-embed-sandbox",
        "data-embed-allow",
        "data-embed-button",
    }
)
SANITIZER_ATTRIBUTES = {
    "div": PLACEHOLDER_ATTRIBUTES,
    "iframe": frozenset({"sandbox", "allow", "referrerpolicy"}),
}
SANITIZER_CLASSES = {
    "div": frozenset({"embed", "embed-placeholder", "embed-frame"}),
    "p": frozenset({"embed-notice", "embed-link"}),
    "a": frozenset({"embed-fallback"}),
}

PLACEHOLDER = Markup(
    '<div class="embed embed-placeholder" data-embed-src="{src}" data-embed-title="{title}"'
    ' data-embed-provider="{label}" data-embed-sandbox="{sandbox}" data-embed-allow="{allow}"'
    ' data-embed-button="{button}"><p class="embed-notice">{notice}</p>'
    '<p><a class="embed-fallback" href="{share}">{open}</a></p></div>'
)
FULLSCREEN = Markup(" allowfullscreen")
FRAME = Markup(
    '<div class="embed embed-frame"><iframe src="{src}" title="{title}" loading="lazy"'
    ' sandbox="{sandbox}" allow="{allow}" referrerpolicy="strict-origin-when-cross-origin"'
    "{fullscreen}></iframe></div>"
)


def embed_html(embed: Embed, title: str, click_to_load: bool = True) -> Markup:
    """The placeholder (or, without click-to-load, the frame) for a recognised URL."""
    provider = embed.provider
    title = title.strip() or provider.label
    if not click_to_load:
        fullscreen = FULLSCREEN if "fullscreen" in provider.allow else Markup("")
        return FRAME.format(
            src=embed.embed_url,
            title=title,
            sandbox=provider.sandbox,
            allow=provider.allow,
            fullscreen=fullscreen,
        )
    return PLACEHOLDER.format(
        src=embed.embed_url,
        title=title,
        label=provider.label,
        sandbox=provider.sandbox,
        allow=provider.allow,
        button=_(
            "Load “%(title)s” from %(provider)s", title=title, provider=provider.label
        ),
        notice=notice(provider),
        share=embed.share_url,
        open=_(
            "Open “%(title)s” on %(provider)s", title=title, provider=provider.label
        ),
    )


def notice(provider: Provider) -> str:
    return _(
        "This content is hosted by %(provider)s. Nothing is loaded from %(provider)s until "
        "you ask for it; loading it sends your address and browser details to %(provider)s.",
        provider=provider.label,
    )


def link_html(url: str, title: str) -> Markup:
    """An unknown URL: a plain link when it is ``https``, else its text only."""
    label = title.strip() or url.strip()
    if safe_url(url) is None:
        return Markup('<p class="embed-link">{}</p>').format(label)
    return Markup('<p class="embed-link"><a href="{}">{}</a></p>').format(
        url.strip(), label
    )


def render(
    url: str, title: str, providers: Iterable[Provider], click_to_load: bool
) -> Markup:
    """Whatever a URL becomes with these providers."""
    embed = recognise(url, providers)
    if embed is None:
        return link_html(url, title)
    return embed_html(embed, title, click_to_load)
