"""Partner finding is reached from the site's header, by those who may use it only."""

from __future__ import annotations

from .conftest import Browser, PartnersSite, text

LINK = 'href="/-/partners/"'


def test_teachers_find_the_link_in_the_header_pupils_never(
    site: PartnersSite, browser: Browser
) -> None:
    site.teacher("maria")
    site.person("pablo", "pupil", school="es")
    space = site.space("maria", listed=False)
    browser.login("maria")
    assert LINK in text(browser.client.get("/spaces"))
    assert LINK in text(browser.client.get(f"/s/{space.slug}/"))
    browser.login("pablo")
    assert LINK not in text(browser.client.get("/spaces"))
    browser.login(None)
    assert LINK not in text(browser.client.get("/login"))
