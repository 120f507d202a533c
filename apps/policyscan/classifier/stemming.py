"""Dutch and English word stems (Snowball: the Dutch Porter stemmer and Porter2), cached per word.

The Dutch Porter stemmer joins the inflections a municipal text writes ("inkoop" / "inkopen",
"duurzaam" / "duurzame", "gezond" / "gezondheid" stay apart from "zon"); the newer Snowball "dutch"
algorithm also strips the prefix ge- ("gemeentelijke" -> "meentelijk", "gezondheid" -> "zon"), which
merges unrelated words, so it is not used here."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

ALGORITHM = {"nl": "dutch_porter", "en": "english"}


@lru_cache(maxsize=2)
def _stemmer(lang: str):
    return snowballstemmer.stemmer(ALGORITHM[lang])


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The stem of one lower-case word in "nl" or "en"."""
    return _stemmer(lang).stemWord(word)
