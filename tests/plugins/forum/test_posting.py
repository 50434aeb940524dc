"""Writing in the forum through HTTP: topics, replies, edits with history, quotes, and
what happens to bad input (a clear message, nothing typed is lost, nothing unsafe)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from sqlalchemy import func, select

from etwincms_forum.models import PostRevision

from .conftest import Browser, ForumSpace, post_ids, text


class Attributes(HTMLParser):
    """Every attribute value of every start tag in a document."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values.extend(value or "" for _name, value in attrs)


def attribute_values(page: str) -> list[str]:
    parser = Attributes()
    parser.feed(page)
    return parser.values


def textarea(page: str, name: str = "body") -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}"
    return html.unescape(match.group(1))


def test_a_new_topic_opens_with_its_first_post(
    browser: Browser, forum: ForumSpace
) -> None:
    browser.login("pupil_lead")
    response = browser.post(
        f"/f/{forum.general.id}/new",
        {"title": "Host families", "body": "Who hosts *whom*?"},
    )
    assert response.status_code == 302
    page = text(browser.client.get(response.headers["Location"]))
    assert "<h1>Host families" in page
    assert "Who hosts <em>whom</em>?" in page
    assert "Pupil_Lead_User" in page


def test_an_empty_title_is_explained_and_the_text_is_kept(
    browser: Browser, forum: ForumSpace
) -> None:
    browser.login("teacher")
    body = "Line one\n\nLine two with <angle> & ampersand"
    response = browser.post(f"/f/{forum.general.id}/new", {"title": "  ", "body": body})
    assert response.status_code == 400
    page = text(response)
    assert "The title must not be empty." in page
    assert 'aria-invalid="true"' in page
    assert textarea(page) == body
    assert "No topics yet." in text(browser.get(f"/f/{forum.general.id}"))


def test_a_rejected_reply_is_explained_and_kept(
    browser: Browser, forum: ForumSpace
) -> None:
    topic = forum.topic("teacher", "Replies")
    browser.login("pupil")
    response = browser.post(f"/t/{topic.id}/reply", {"body": "   \n  "})
    assert response.status_code == 400
    assert "The message must not be empty." in text(response)
    body = "word " * 12_000
    response = browser.post(f"/t/{topic.id}/reply", {"body": body})
    assert response.status_code == 400
    assert "The message is too long (at most 50000 characters)." in text(response)
    assert textarea(text(response)) == body
    assert len(post_ids(text(response))) == 1


def test_editing_keeps_the_history(browser: Browser, forum: ForumSpace) -> None:
    topic = forum.topic("teacher", "Plans")
    post = forum.reply("pupil", topic, "We leave on Monday")
    browser.login("pupil")
    assert textarea(text(browser.get(f"/p/{post.id}/edit"))) == "We leave on Monday"
    assert (
        browser.post(f"/p/{post.id}/edit", {"body": "We leave on Tuesday"}).status_code
        == 302
    )
    page = text(browser.get(f"/t/{topic.id}"))
    assert "We leave on Tuesday" in page
    assert "We leave on Monday" not in page
    assert f'href="{forum.url}/p/{post.id}/history">edited</a>' in page
    history = text(browser.get(f"/p/{post.id}/history"))
    assert history.index("Version 2") < history.index("Version 1")
    assert "We leave on Monday" in history
    assert "We leave on Tuesday" in history
    numbers = forum.session.scalar(
        select(func.count()).where(PostRevision.post_id == post.id)
    )
    assert numbers == 2


def test_empty_or_unchanged_edits_save_nothing(
    browser: Browser, forum: ForumSpace
) -> None:
    topic = forum.topic("teacher", "Plans")
    post = forum.reply("pupil", topic, "Keep me")
    browser.login("pupil")
    response = browser.post(f"/p/{post.id}/edit", {"body": ""})
    assert response.status_code == 400
    assert "The message must not be empty." in text(response)
    assert browser.post(f"/p/{post.id}/edit", {"body": " Keep me "}).status_code == 302
    page = text(browser.get(f"/t/{topic.id}"))
    assert "Keep me" in page
    assert ">edited</a>" not in page


def test_quote_prefills_the_reply_with_the_author_and_text(
    browser: Browser, forum: ForumSpace
) -> None:
    topic = forum.topic("teacher", "Food")
    post = forum.reply("pupil", topic, "I love paella\nand churros")
    browser.login("pupil_lead")
    page = text(browser.get(f"/t/{topic.id}"))
    assert f'href="{forum.url}/t/{topic.id}?quote={post.id}#reply"' in page
    prefilled = textarea(text(browser.get(f"/t/{topic.id}?quote={post.id}")))
    assert prefilled == "> Pupil_User wrote:\n>\n> I love paella\n> and churros\n\n"
    reply = prefilled + "Me too!"
    assert browser.post(f"/t/{topic.id}/reply", {"body": reply}).status_code == 302
    shown = text(browser.get(f"/t/{topic.id}"))
    assert "<blockquote>" in shown
    assert "Me too!" in shown


def test_hidden_posts_cannot_be_quoted(browser: Browser, forum: ForumSpace) -> None:
    topic = forum.topic("teacher", "Food")
    post = forum.reply("pupil", topic, "Secret recipe")
    browser.login("teacher")
    browser.post(f"/p/{post.id}/hide")
    assert f"quote={post.id}" not in text(browser.get(f"/t/{topic.id}"))
    assert textarea(text(browser.get(f"/t/{topic.id}?quote={post.id}"))) == ""
    browser.login("pupil_lead")
    assert "Secret recipe" not in text(browser.get(f"/t/{topic.id}?quote={post.id}"))


def test_posts_are_served_sanitized(browser: Browser, forum: ForumSpace) -> None:
    browser.login("pupil_lead")
    body = (
        "<script>alert('x')</script>\n\n"
        "[click me](javascript:alert(1)) "
        '<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">raw</a>'
    )
    response = browser.post(
        f"/f/{forum.general.id}/new", {"title": "<b>Bold</b> title", "body": body}
    )
    page = text(browser.client.get(response.headers["Location"]))
    post = page[page.index('<div class="post-body') :]
    assert not re.search(r"<script(?![^>]*\bsrc=)", post)  # the theme's own files only
    assert "<img" not in post
    assert not [url for url in attribute_values(page) if "javascript" in url.lower()]
    assert "&lt;script&gt;" in post  # shown as text, harmless
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert "<b>Bold</b>" not in page
    api = browser.client.get(f"/api/v1/projects/{forum.project.slug}/forum/topics/1")
    served = api.get_json()["posts"][0]["html"]
    assert "<script" not in served
    assert "<img" not in served
    assert not [url for url in attribute_values(served) if "javascript" in url.lower()]
