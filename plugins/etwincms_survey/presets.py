"""Ready-made questionnaires: pre-mobility expectations and post-mobility evaluation.

Both ask the same rating questions under the same keys (``confidence_*``), so a
post-mobility survey linked to its pre-mobility one shows how answers moved. Texts are in
English, Spanish and German; a teacher adds or changes languages in the builder.
"""

from __future__ import annotations

import copy
from typing import Any

from flask_babel import lazy_gettext as _l


def t(en: str, es: str, de: str) -> dict[str, str]:
    return {"en": en, "es": es, "de": de}


AGREE = [
    {
        "key": "a1",
        "text": t("Strongly disagree", "Muy en desacuerdo", "Stimme gar nicht zu"),
    },
    {"key": "a2", "text": t("Disagree", "En desacuerdo", "Stimme nicht zu")},
    {"key": "a3", "text": t("Neutral", "Neutral", "Neutral")},
    {"key": "a4", "text": t("Agree", "De acuerdo", "Stimme zu")},
    {"key": "a5", "text": t("Strongly agree", "Muy de acuerdo", "Stimme voll zu")},
]

CONFIDENCE = [
    {
        "key": "confidence_language",
        "type": "rating",
        "scale": [1, 5],
        "required": True,
        "text": t(
            "How confident are you speaking the partners' language or English?",
            "¿Qué seguridad tienes al hablar el idioma de los socios o inglés?",
            "Wie sicher fühlst du dich beim Sprechen der Partnersprache oder Englisch?",
        ),
    },
    {
        "key": "confidence_teamwork",
        "type": "rating",
        "scale": [1, 5],
        "required": True,
        "text": t(
            "How confident are you working in an international team?",
            "¿Qué seguridad tienes trabajando en un equipo internacional?",
            "Wie sicher fühlst du dich in einem internationalen Team?",
        ),
    },
    {
        "key": "confidence_skills",
        "type": "rating",
        "scale": [1, 5],
        "required": True,
        "text": t(
            "How confident are you in the vocational skills of the project?",
            "¿Qué seguridad tienes en las competencias profesionales del proyecto?",
            "Wie sicher fühlst du dich in den beruflichen Fähigkeiten des Projekts?",
        ),
    },
]

PRE_MOBILITY: list[dict[str, Any]] = [
    {
        "key": "about_you",
        "type": "section",
        "text": t("About you", "Sobre ti", "Über dich"),
    },
    *CONFIDENCE,
    {
        "key": "expectations",
        "type": "section",
        "text": t("Your expectations", "Tus expectativas", "Deine Erwartungen"),
    },
    {
        "key": "looking_forward",
        "type": "multiple",
        "text": t(
            "What are you looking forward to most?",
            "¿Qué es lo que más te ilusiona?",
            "Worauf freust du dich am meisten?",
        ),
        "options": [
            {"key": "work", "text": t("Work placement", "Prácticas", "Praktikum")},
            {"key": "language", "text": t("Languages", "Idiomas", "Sprachen")},
            {
                "key": "friends",
                "text": t("New friends", "Nuevos amigos", "Neue Freunde"),
            },
            {"key": "culture", "text": t("Culture", "Cultura", "Kultur")},
        ],
    },
    {
        "key": "worries",
        "type": "single",
        "text": t(
            "I feel worried about the trip.",
            "Me preocupa el viaje.",
            "Ich mache mir Sorgen um die Reise.",
        ),
        "options": AGREE,
    },
    {
        "key": "hopes",
        "type": "long",
        "text": t(
            "What do you hope to learn during the mobility?",
            "¿Qué esperas aprender durante la movilidad?",
            "Was möchtest du während der Mobilität lernen?",
        ),
    },
]

POST_MOBILITY: list[dict[str, Any]] = [
    {
        "key": "about_you",
        "type": "section",
        "text": t("Looking back", "Mirando atrás", "Rückblick"),
    },
    *CONFIDENCE,
    {
        "key": "activities",
        "type": "matrix",
        "text": t(
            "How useful were these activities?",
            "¿Qué utilidad tuvieron estas actividades?",
            "Wie nützlich waren diese Aktivitäten?",
        ),
        "rows": [
            {
                "key": "fieldwork",
                "text": t("Fieldwork", "Trabajo de campo", "Feldarbeit"),
            },
            {"key": "workshops", "text": t("Workshops", "Talleres", "Workshops")},
            {
                "key": "visits",
                "text": t("Company visits", "Visitas a empresas", "Betriebsbesuche"),
            },
        ],
        "options": [
            {"key": "low", "text": t("Not useful", "Poco útil", "Nicht nützlich")},
            {"key": "mid", "text": t("Useful", "Útil", "Nützlich")},
            {"key": "high", "text": t("Very useful", "Muy útil", "Sehr nützlich")},
        ],
    },
    {
        "key": "recommend",
        "type": "single",
        "required": True,
        "text": t(
            "I would recommend this mobility to a friend.",
            "Recomendaría esta movilidad a un amigo.",
            "Ich würde diese Mobilität einem Freund empfehlen.",
        ),
        "options": AGREE,
    },
    {
        "key": "best_moment",
        "type": "short",
        "text": t(
            "Your best moment in one sentence",
            "Tu mejor momento en una frase",
            "Dein schönster Moment in einem Satz",
        ),
    },
    {
        "key": "improve",
        "type": "long",
        "text": t(
            "What should we improve next time?",
            "¿Qué deberíamos mejorar?",
            "Was sollten wir nächstes Mal verbessern?",
        ),
    },
]

PRESETS: dict[str, tuple[Any, list[dict[str, Any]]]] = {
    "pre_mobility": (_l("Pre-mobility expectations"), PRE_MOBILITY),
    "post_mobility": (_l("Post-mobility evaluation"), POST_MOBILITY),
}


def questions_of(preset: str) -> list[dict[str, Any]]:
    """A fresh copy of the preset's questions (``[]`` for none or an unknown name)."""
    return copy.deepcopy(PRESETS[preset][1]) if preset in PRESETS else []


def title_of(preset: str) -> str:
    return str(PRESETS[preset][0]) if preset in PRESETS else ""
