from typing import Any

from vetrina.search import selectors


def reading_whole_up_to(monkeypatch: Any, few: int) -> None:
    """The first query of a search reads at most `few` matches whole, whatever the search (FEW, and its
    PostgreSQL figure for words and tags), so that a test takes the path it means on both databases."""
    monkeypatch.setattr(selectors, "FEW", few)
    monkeypatch.setattr(selectors, "FEW_BY_TEXT_POSTGRESQL", few)
