"""The inbox between teachers: replies to posts, unread counts, blocking, reports, and
contacting a listed space's founder without seeing their address; and saved searches
that count new matches."""

from __future__ import annotations

import re

from etwincms_partners import messaging

from .conftest import PartnersSite, text


def thread_link(html: str) -> str:
    found = re.search(r'href="/-/partners/inbox/(\d+)"', html)
    assert found is not None, html
    return f"/inbox/{found.group(1)}"


def test_replies_arrive_unread_and_only_the_thread_reads_them(site, browser, session):
    site.teacher("ana", "es")
    site.teacher("lena", "de")
    site.teacher("eve", "fr")
    a_reply_to_a_post_arrives_unread_in_the_authors_inbox(site, browser)
    replying_needs_text_and_an_open_post(site, browser)
    only_the_people_in_a_thread_read_it(site, browser)


def test_blocking_and_reporting(site, browser, session, make):
    site.teacher("ana")
    site.teacher("lena", "de")
    site.users["root"] = make.user("root", kind="staff", site_admin=True)
    a_blocked_sender_cannot_write_again(site, browser, session)
    a_reported_message_reaches_the_site_admins_who_remove_it(site, browser)


def test_founders_and_saved_searches(site, browser):
    founder = site.teacher("ana")
    site.teacher("lena", "de")
    contact_the_founder_from_a_listing_without_their_address(site, browser, founder)
    a_saved_search_counts_new_matches(site, browser)


def a_reply_to_a_post_arrives_unread_in_the_authors_inbox(site, browser):
    post = site.post("ana", topic="Olive harvest")
    browser.login("lena")
    sent = browser.post(f"/posts/{post.id}/reply", {"body": "We grow olives too!"})
    assert sent.status_code == 302
    browser.login("ana")
    inbox = text(browser.get("/inbox"))
    assert "Olive harvest" in inbox and "1 unread" in inbox and "Lena" in inbox
    conversation = text(browser.get(thread_link(inbox)))
    assert "We grow olives too!" in conversation
    assert "unread" not in text(browser.get("/inbox"))  # reading marked it read
    answer = browser.post(thread_link(inbox), {"body": "Let us talk on Monday"})
    assert answer.status_code == 302
    browser.login("lena")
    assert "1 unread" in text(browser.get("/inbox"))


def replying_needs_text_and_an_open_post(site, browser):
    post = site.post("ana")
    browser.login("lena")
    empty = browser.post(f"/posts/{post.id}/reply", {"body": "  "})
    assert empty.status_code == 422 and "Write a message." in text(empty)
    browser.login("ana")
    assert browser.post(f"/posts/{post.id}/close").status_code == 302
    browser.login("lena")
    assert (
        browser.get(f"/posts/{post.id}").status_code == 404
    )  # closed: gone for others
    assert browser.post(f"/posts/{post.id}/reply", {"body": "Hi"}).status_code == 404


def only_the_people_in_a_thread_read_it(site, browser):
    thread_id = site.message("ana", "lena", "Private plans")
    browser.login("eve")
    assert browser.get(f"/inbox/{thread_id}").status_code == 404
    assert browser.post(f"/inbox/{thread_id}", {"body": "Me too"}).status_code == 404
    browser.login("lena")
    assert "Private plans" in text(browser.get(f"/inbox/{thread_id}"))


def a_blocked_sender_cannot_write_again(site, browser, session):
    ana, lena = site.users["ana"], site.users["lena"]
    site.profile("lena")
    thread_id = site.message("ana", "lena", "First")
    browser.login("lena")
    assert browser.post(f"/people/{ana.id}/block").status_code == 302
    browser.login("ana")
    again = browser.post(f"/inbox/{thread_id}", {"body": "Second"})
    assert again.status_code == 422 and "does not accept your messages" in text(again)
    fresh = browser.post(f"/people/{lena.id}/message", {"body": "Third"})
    assert fresh.status_code == 422
    browser.login("lena")
    assert browser.post(f"/people/{ana.id}/unblock").status_code == 302
    assert messaging.blocked_ids(session, lena) == set()


def a_reported_message_reaches_the_site_admins_who_remove_it(site, browser):
    thread_id = site.message("ana", "lena", "Buy cheap watches")
    browser.login("lena")
    message_id = int(
        re.search(r"/messages/(\d+)/report", text(browser.get(f"/inbox/{thread_id}")))[
            1
        ]
    )
    assert (
        browser.post(f"/messages/{message_id}/report", {"reason": "spam"}).status_code
        == 302
    )
    browser.login("ana")  # one's own message cannot be reported
    assert (
        browser.post(f"/messages/{message_id}/report", {"reason": "x"}).status_code
        == 422
    )
    assert browser.get("/reports").status_code == 403
    browser.login("root")
    reports = text(browser.get("/reports"))
    assert "Buy cheap watches" in reports and "spam" in reports
    report_id = re.search(r"/reports/(\d+)", reports)[1]
    assert (
        browser.post(f"/reports/{report_id}", {"action": "remove"}).status_code == 302
    )
    assert "No open reports." in text(browser.get("/reports"))
    browser.login("lena")
    conversation = text(browser.get(f"/inbox/{thread_id}"))
    assert "Buy cheap watches" not in conversation and messaging.REMOVED in conversation


def contact_the_founder_from_a_listing_without_their_address(site, browser, founder):
    founder.email = "ana.private@school.example"
    project = site.space("ana", title="Green Roots")
    browser.login("lena")
    listing = text(browser.get(f"/spaces/{project.slug}"))
    assert "Contact the founder" in listing and "ana.private" not in listing
    assert f"/s/{project.slug}/" in listing  # the public landing page
    browser.login("ana")  # the space's Tools page leads its admins to the listing
    tools = text(browser.client.get(f"/s/{project.slug}/-/plugins"))
    assert f"/-/partners/spaces/{project.slug}/listing" in tools
    browser.login("lena")
    sent = browser.post(
        f"/spaces/{project.slug}/contact", {"subject": "Join?", "body": "May we join?"}
    )
    assert sent.status_code == 302
    browser.login("ana")
    assert "Join?" in text(browser.get("/inbox"))


def a_saved_search_counts_new_matches(site: PartnersSite, browser):
    site.post("ana", topic="Old idea", languages="en")
    browser.login("lena")
    saved = browser.post(
        "/saved", {"name": "English", "kind": "posts", "language": "en", "country": ""}
    )
    assert saved.status_code == 302
    assert new_matches(text(browser.get("/saved"))) == []
    site.post("ana", topic="New idea", languages="en")
    site.post("ana", topic="German idea", languages="de")
    listing = text(browser.get("/saved"))
    assert new_matches(listing) == ["1"]
    search_id = re.search(r"/saved/(\d+)\"", listing)[1]
    opened = browser.get(f"/saved/{search_id}")
    assert opened.status_code == 302 and "language=en" in opened.headers["Location"]
    assert new_matches(text(browser.get("/saved"))) == []
    assert browser.post(f"/saved/{search_id}/delete").status_code == 302
    assert "No saved searches" in text(browser.get("/saved"))


def new_matches(html: str) -> list[str]:
    return re.findall(r'class="badge">(\d+) new match', html)
