"""Content for the benchmark data set: vocabularies, page texts and plugin content.

Page texts are multilingual Markdown (headings, wiki links, an image, an external link,
a table, a list of glossary terms) rendered once each by the real renderer with
placeholder addresses, which ``generate.py`` replaces with each page's own. Forum topics,
blog posts and glossary concepts are written through the plugins' own services.
"""

from __future__ import annotations

import io
import itertools
import random
from dataclasses import dataclass

from corpus import HEADS, vocabulary
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.content.render import render_markdown
from etwincms.hooktypes import LinkTarget
from etwincms.models import Project, User

TEXTS_PER_LANGUAGE = 40
#: Placeholders in the texts rendered once: replaced by each page's own space and targets.
SLUG_MARK, LINK_MARK, IMAGE_MARK = "zzslugzz", 9_000_000_000, 8_000_000_000
LINKS_PER_TEXT = 3


@dataclass
class Text:
    body: str
    html: str
    title: str


def image_bytes(rng: random.Random) -> bytes:
    image = Image.new("RGB", (320, 240), tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class Words(list):
    """A language's vocabulary, frequent words first, drawn with Zipf weights."""

    def __init__(self, language: str) -> None:
        rng = random.Random(language)
        words = vocabulary(language, rng)
        head = len(HEADS[language].split())
        tail = words[head:]
        rng.shuffle(tail)  # vocabulary() sorts it: spread the letters over the ranks
        super().__init__(words[:head] + tail)
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self)))
        )

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self, cum_weights=self.cumulative, k=count)


def sentence(words: Words, rng: random.Random, count: int) -> str:
    return " ".join(words.draw(rng, count)).capitalize() + "."


def forum_content(
    session: Session, teacher: User, project: Project, words: Words, rng: random.Random
) -> int:
    from etwincms_forum import services as forum
    from etwincms_forum.models import Forum

    forum.ensure_default_forum(session, teacher, project)
    board = session.scalar(select(Forum).where(Forum.project_id == project.id).limit(1))
    topic_id = 0
    for _ in range(2):
        topic = forum.create_topic(
            session,
            teacher,
            project,
            board,
            title=sentence(words, rng, 5)[:-1],
            body="\n\n".join(sentence(words, rng, 25) for _ in range(3)),
        )
        for _ in range(2):
            forum.reply(session, teacher, project, topic, body=sentence(words, rng, 30))
        topic_id = topic.id
    return topic_id


def blog_content(
    session: Session, teacher: User, project: Project, words: Words, rng: random.Random
) -> None:
    from etwincms_blog import services as blog_services
    from etwincms_blog.models import Blog

    blog = session.scalar(select(Blog).where(Blog.project_id == project.id))
    if blog is None:
        blog = blog_services.create_blog(
            session, teacher, project, title="Mobility diary"
        )
    for _ in range(2):
        blog_services.create_post(
            session,
            teacher,
            project,
            blog,
            title=sentence(words, rng, 6)[:-1],
            body="\n\n".join(sentence(words, rng, 30) for _ in range(4)),
            tags=rng.sample(words[40:80], 2),
            status="published",
        )


def glossary_content(
    session: Session,
    teacher: User,
    project: Project,
    language: str,
    words: Words,
    rng: random.Random,
) -> None:
    from etwincms_glossary import services as glossary
    from etwincms_glossary.services import TermInput

    for index in range(3):
        term = words[30 + index]
        given = {language: TermInput(text=term, definition=sentence(words, rng, 15))}
        if language != "en":
            given["en"] = TermInput(
                text=f"{term} (en)", definition=sentence(words, rng, 12)
            )
        glossary.create_concept(
            session, teacher, project, terms=given, category="workshop"
        )


# -- page texts, rendered once each --------------------------------------------------------


def markdown_text(words: Words, rng: random.Random) -> tuple[str, str]:
    title = " ".join(words.draw(rng, rng.randint(2, 5))).capitalize()
    para = [sentence(words, rng, rng.randint(20, 45)) for _ in range(5)]
    links = " ".join(f"[[Link {k}]]" for k in range(1, LINKS_PER_TEXT + 1))
    terms = rng.sample(words[30:35], 3)
    body = "\n\n".join(
        [
            f"# {title}",
            f"{para[0]} See {links}.",
            f"![{words[20]}](/s/{SLUG_MARK}/-/materials/{IMAGE_MARK}/workshop.png)",
            f"## {sentence(words, rng, 3)[:-1]}",
            para[1]
            + f" *{words[25]}* **{words[26]}** [{words[27]}](https://example.org/{words[27]}).",
            "\n".join(
                f"- **[[glossary:{term}]]**: {sentence(words, rng, 8)}"
                for term in terms
            ),
            f"## {sentence(words, rng, 2)[:-1]}",
            para[2],
            "| "
            + " | ".join(words[40:43])
            + " |\n|---|---|---|\n"
            + "\n".join("| " + " | ".join(words.draw(rng, 3)) + " |" for _ in range(4)),
            para[3],
            f"1. {sentence(words, rng, 6)}\n2. {sentence(words, rng, 6)}\n3. {para[4]}",
        ]
    )
    return title, body


def resolve_placeholder(title: str) -> LinkTarget:
    if title.startswith("Link "):
        number = LINK_MARK + int(title.split()[1])
        return LinkTarget(f"/s/{SLUG_MARK}/-/id/{number}", True)
    if title.startswith("glossary:"):
        return LinkTarget(f"/s/{SLUG_MARK}/glossary/?q={title[9:]}", True, title[9:])
    return LinkTarget("#", False)


def make_texts(rng: random.Random) -> dict[str, list[Text]]:
    texts: dict[str, list[Text]] = {}
    for language in HEADS:
        words = Words(language)
        texts[language] = []
        for _ in range(TEXTS_PER_LANGUAGE):
            title, body = markdown_text(words, rng)
            html = render_markdown(body, resolve_placeholder)
            texts[language].append(Text(body, html, title))
    return texts
