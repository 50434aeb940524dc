"""What every search index is given: text it can hold, whatever was typed or uploaded."""

from __future__ import annotations

import pytest

from etwincms.search.backend import storable


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Olive harvest", "Olive harvest"),
        ("nul\x00in the middle", "nulin the middle"),
        ("\x02marked\x03 words\x02", "marked words"),
        ("lone \ud800surrogate", "lone surrogate"),
        ("Ελιές, 橄榄, زيتون", "Ελιές, 橄榄, زيتون"),
        ("", ""),
    ],
)
def test_storable_drops_only_what_no_index_can_hold(given: str, kept: str) -> None:
    assert storable(given) == kept
