"""Generated multilingual school-project text for the benchmarks.

Seven languages, each with its real frequent words and project vocabulary at the head of a
Zipf distribution and a long tail of pronounceable made-up words (so the vocabulary grows
with the corpus as real text does). Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from etwincms.hooktypes import SearchDocument

HEADS = {
    "en": "the and of to in is for with our school pupils teachers project garden olive "
    "harvest market water energy recycling welding workshop mobility partner visit "
    "week results glossary survey photos diary report city river tree bread culture "
    "language music history science engine machine safety tools kitchen recipe",
    "es": "el la de que y en los las para con nuestro escuela alumnos profesores "
    "proyecto huerto aceituna cosecha mercado agua energía reciclaje soldadura taller "
    "movilidad socio visita semana resultados glosario encuesta fotos diario ciudad "
    "río árbol pan cultura idioma música historia ciencia motor máquina seguridad",
    "de": "der die das und in ist für mit unsere schule schüler lehrer projekt garten "
    "olive ernte markt wasser energie recycling schweißen werkstatt mobilität partner "
    "besuch woche ergebnisse glossar umfrage fotos tagebuch stadt fluss baum brot "
    "kultur sprache musik geschichte wissenschaft motor maschine sicherheit",
    "fr": "le la les de et en est pour avec notre école élèves professeurs projet jardin "
    "olive récolte marché eau énergie recyclage soudure atelier mobilité partenaire "
    "visite semaine résultats glossaire enquête photos journal ville rivière arbre "
    "pain culture langue musique histoire science moteur machine sécurité",
    "it": "il la di che e in è per con nostra scuola alunni insegnanti progetto orto "
    "oliva raccolta mercato acqua energia riciclo saldatura officina mobilità partner "
    "visita settimana risultati glossario sondaggio foto diario città fiume albero "
    "pane cultura lingua musica storia scienza motore macchina sicurezza",
    "nl": "de het een en van in is voor met onze school leerlingen leraren project "
    "tuin olijf oogst markt water energie recycling lassen werkplaats mobiliteit "
    "partner bezoek week resultaten woordenlijst enquête fotos dagboek stad rivier "
    "boom brood cultuur taal muziek geschiedenis wetenschap motor machine veiligheid",
    "pt": "o a de que e em os as para com nossa escola alunos professores projeto horta "
    "azeitona colheita mercado água energia reciclagem soldadura oficina mobilidade "
    "parceiro visita semana resultados glossário inquérito fotos diário cidade rio "
    "árvore pão cultura língua música história ciência motor máquina segurança",
}
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "su",
    "ra",
    "te",
    "vo",
    "li",
    "pa",
    "da",
    "ro",
    "ze",
    "fi",
    "gu",
    "ba",
    "na",
    "se",
    "to",
    "ri",
]
TAIL_WORDS = 4000


def vocabulary(language: str, rng: random.Random) -> list[str]:
    head = HEADS[language].split()
    tail = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        for _ in range(TAIL_WORDS)
    }
    return head + sorted(tail - set(head))


class Corpus:
    """``size`` documents over ``spaces`` spaces; ``documents()`` yields them in order."""

    def __init__(self, size: int, spaces: int, seed: int = 7) -> None:
        self.size, self.spaces = size, spaces
        self.rng = random.Random(seed)
        self.words = {lang: vocabulary(lang, self.rng) for lang in HEADS}
        self.weights = {
            lang: [1 / (rank + 1) for rank in range(len(words))]
            for lang, words in self.words.items()
        }
        self.languages = {pid: list(HEADS)[pid % len(HEADS)] for pid in range(spaces)}
        self.public = {pid for pid in range(spaces) if pid % 3 == 0}

    def text(self, language: str, count: int) -> str:
        chosen = self.rng.choices(
            self.words[language], weights=self.weights[language], k=count
        )
        return " ".join(chosen)

    def document(self, number: int) -> SearchDocument:
        project_id = number % self.spaces + 1
        language = self.languages[project_id - 1]
        kind = self.rng.choices(["page", "material", "forum_topic"], [6, 2, 2])[0]
        return SearchDocument(
            id=f"{kind}:{number}",
            project_id=project_id,
            type=kind,
            title=self.text(language, self.rng.randint(2, 6)).capitalize(),
            body=self.text(language, self.rng.randint(60, 260)),
            url=f"/s/space-{project_id}/-/id/{number}",
            plugin="forum" if kind == "forum_topic" else "core",
            language=language,
            visibility="public" if project_id - 1 in self.public else "members",
            updated_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=number),
        )

    def documents(self) -> Iterator[SearchDocument]:
        for number in range(self.size):
            yield self.document(number)
