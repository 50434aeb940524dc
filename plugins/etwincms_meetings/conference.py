"""Video-conference and recording links: any ``https`` address, with the providers
schools use most recognised and labelled (BigBlueButton, often through Greenlight, and
Jitsi Meet), so that members know what will open before they click.

Only the address is kept: nothing is fetched from it, and it is shown as a plain link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from etwincms.errors import ValidationError

MAX_LENGTH = 500
LABELS = {
    "bigbluebutton": _l("BigBlueButton"),
    "jitsi": _l("Jitsi Meet"),
    "": _l("Video conference"),
}


def valid_link(value: str | None, field: str = "conference_url") -> str:
    """An ``https`` address with a host and no credentials, or "" for none."""
    url = (value or "").strip()
    if not url:
        return ""
    if len(url) > MAX_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        raise ValidationError(_("This address is too long or has spaces."), field=field)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise ValidationError(_("This is not a valid address."), field=field) from None
    if parts.scheme != "https" or not host or "." not in host:
        raise ValidationError(
            _("Give the full https:// address of the meeting room."), field=field
        )
    if parts.username or parts.password:
        raise ValidationError(_("Leave names and passwords out of the address."), field)
    return url


def provider(url: str) -> str:
    """``"bigbluebutton"``, ``"jitsi"`` or ``""`` (another or no provider)."""
    if not url:
        return ""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    labels = host.split(".")
    if host == "meet.jit.si" or "jitsi" in labels or host.startswith("jitsi"):
        return "jitsi"
    if "/bigbluebutton/" in f"{path}/" or any(
        label in ("bbb", "bigbluebutton", "greenlight") for label in labels
    ):
        return "bigbluebutton"
    return ""


def label(url: str) -> str:
    return str(LABELS[provider(url)])
