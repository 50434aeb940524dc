"""The Atom feed of a public blog (RFC 4287), for school websites and feed readers.

Only public blogs of public spaces have a feed, and it is public output: authors are
named as an anonymous visitor would see them (never a pupil's name), whoever fetches it.
The XML is built with ElementTree, which escapes every text; entry content is the post's
sanitized HTML, carried as escaped text (``type="html"``).
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from flask import url_for

from etwincms.models import Project
from etwincms.privacy import shown_name

from .models import Blog, Post

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(
    project: Project, blog: Blog, posts: list[Post], updated: datetime
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    blog_url = url_for("blog.blog", slug=project.slug, blog_id=blog.id, _external=True)
    add(feed, "id", blog_url)
    add(feed, "title", f"{blog.title} · {project.title}")
    if blog.description:
        add(feed, "subtitle", blog.description)
    add(feed, "updated", updated.isoformat())
    link(feed, blog_url, "alternate")
    feed_url = url_for("blog.feed", slug=project.slug, blog_id=blog.id, _external=True)
    link(feed, feed_url, "self")
    for post in posts:
        feed.append(entry(project, post))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def entry(project: Project, post: Post) -> ET.Element:
    item = ET.Element(f"{{{ATOM}}}entry")
    url = url_for("blog.post", slug=project.slug, post_id=post.id, _external=True)
    add(item, "id", url)
    add(item, "title", post.title)
    link(item, url, "alternate")
    published = post.publish_at or post.created_at
    add(item, "published", published.isoformat())
    add(item, "updated", (post.edited_at or published).isoformat())
    author = ET.SubElement(item, f"{{{ATOM}}}author")
    add(author, "name", shown_name(post.author, names_visible=False))
    for tag in post.tag_names:
        ET.SubElement(item, f"{{{ATOM}}}category", term=tag)
    content = add(item, "content", post.body_html)
    content.set("type", "html")
    return item


def add(parent: ET.Element, name: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    child.text = text
    return child


def link(parent: ET.Element, href: str, rel: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", href=href, rel=rel)
