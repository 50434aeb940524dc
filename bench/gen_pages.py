"""Pages for the benchmark data set, in bulk: a tree per space and one revision per page.

Rows carry the columns the page services write (materialised path, depth, position per
parent, current revision number); the page-link and material-use rows are read back from
each page's final HTML with the same function the save path uses.
"""

from __future__ import annotations

import html as html_escape
import random
from dataclasses import dataclass, field
from typing import Any

from gen_content import IMAGE_MARK, LINK_MARK, LINKS_PER_TEXT, SLUG_MARK, Text
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from etwincms.content.links import find_references
from etwincms.models import (
    MaterialUse,
    Membership,
    Page,
    PageLink,
    Revision,
    Visibility,
)
from etwincms.services.validation import slugify

DEPTH = 8
SPACES_PER_COMMIT = 50


@dataclass
class SpaceInfo:
    id: int
    slug: str
    language: str
    is_public: bool
    image_id: int
    page_ids: list[int] = field(default_factory=list)


def bulk(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model.__table__), rows)


@dataclass
class PagePlan:
    id: int
    parent: PagePlan | None
    slug: str
    title: str
    path: str
    depth: int
    position: int
    text: Text


def plan_tree(
    start_id: int, count: int, texts: list[Text], rng: random.Random
) -> list[PagePlan]:
    """``count`` pages up to DEPTH levels deep; the first DEPTH form one deep chain."""
    levels: list[list[PagePlan]] = [[] for _ in range(DEPTH)]
    children: dict[int | None, int] = {}
    plans = []
    for index in range(count):
        depth = index if index < DEPTH else min(int(rng.expovariate(0.6)), DEPTH - 1)
        parent = rng.choice(levels[depth - 1]) if depth else None
        text = rng.choice(texts)
        title = f"{text.title} {index}"
        slug = f"{slugify(text.title)[:60]}-{index}"
        key = parent.id if parent else None
        children[key] = children.get(key, 0) + 1
        plan = PagePlan(
            start_id + index,
            parent,
            slug,
            title,
            f"{parent.path}/{slug}" if parent else slug,
            depth,
            children[key],
            text,
        )
        levels[depth].append(plan)
        plans.append(plan)
    return plans


def page_rows(
    space: SpaceInfo, plans: list[PagePlan], authors: list[int], rng: random.Random
) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    pages, revisions, links, uses = [], [], [], []
    for plan in plans:
        targets = rng.sample(plans, LINKS_PER_TEXT)
        body, html = plan.text.body, plan.text.html
        for k, target in enumerate(targets, start=1):
            body = body.replace(f"[[Link {k}]]", f"[[{target.title}]]")
            html = html.replace(str(LINK_MARK + k), str(target.id)).replace(
                f">Link {k}<", f">{html_escape.escape(target.title)}<"
            )
        html = html.replace(SLUG_MARK, space.slug).replace(
            str(IMAGE_MARK), str(space.image_id)
        )
        body = body.replace(SLUG_MARK, space.slug).replace(
            str(IMAGE_MARK), str(space.image_id)
        )
        public = space.is_public and rng.random() < 0.7
        pages.append(page_row(space, plan, public))
        revisions.append(
            {
                "page_id": plan.id,
                "number": 1,
                "base_number": 0,
                "title": plan.title,
                "body": body,
                "rendered_html": html,
                "summary": "",
                "author_id": rng.choice(authors),
            }
        )
        refs = find_references(html, space.slug)
        links += [
            {"source_page_id": plan.id, "target_page_id": t}
            for t in refs.page_ids - {plan.id}
        ]
        uses += [{"page_id": plan.id, "material_id": m} for m in refs.material_ids]
    return pages, revisions, links, uses


def page_row(space: SpaceInfo, plan: PagePlan, public: bool) -> dict[str, Any]:
    return {
        "id": plan.id,
        "project_id": space.id,
        "parent_id": plan.parent.id if plan.parent else None,
        "slug": plan.slug,
        "path": plan.path,
        "depth": plan.depth,
        "title": plan.title,
        "position": plan.position,
        "visibility": Visibility.PUBLIC if public else Visibility.MEMBERS,
        "current_number": 1,
    }


def insert_pages(
    session: Session,
    spaces_: list[SpaceInfo],
    per_space: int,
    texts: dict[str, list[Text]],
) -> None:
    rng = random.Random(3)
    next_id = (session.scalar(select(func.max(Page.id))) or 0) + 1
    for space in spaces_:
        authors = list(
            session.scalars(
                select(Membership.user_id).where(Membership.project_id == space.id)
            )
        )
        plans = plan_tree(next_id, per_space, texts[space.language], rng)
        next_id += per_space
        space.page_ids = [plan.id for plan in plans]
        pages, revisions, links, uses = page_rows(space, plans, authors, rng)
        for model, rows in ((Page, pages), (Revision, revisions), (PageLink, links)):
            bulk(session, model, rows)
        bulk(session, MaterialUse, uses)
        if space.id % SPACES_PER_COMMIT == 0:
            session.commit()
    session.commit()
    if session.bind.dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('page', 'id'), max(id)) FROM page"
            )
        )
        session.commit()
