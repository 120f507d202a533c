"""Dutch text handling for the platform search, the same for documents and queries on every database:
normalisation (case and accents ignored), tokens, Snowball stemming (Dutch, plus the English stem so
English text and queries meet), compound splitting over a dictionary (the index vocabulary plus
``data/words.txt``), synonym groups (``data/synonyms.txt``) and pg_trgm-compatible trigram similarity."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

DATA = Path(__file__).parent / "data"
WORD = re.compile(r"[a-z0-9]+")
MIN_PART = 4  # a compound part shorter than this must be listed in data/words.txt
INTERFIXES = ("", "s", "e", "en")

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "als",
        "ben",
        "bij",
        "dan",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "doe",
        "doen",
        "door",
        "een",
        "en",
        "er",
        "gaan",
        "gaat",
        "geen",
        "hebben",
        "heeft",
        "het",
        "hier",
        "hoe",
        "hun",
        "iets",
        "ik",
        "in",
        "is",
        "je",
        "kan",
        "kunnen",
        "maar",
        "me",
        "meer",
        "met",
        "mij",
        "mijn",
        "moet",
        "moeten",
        "na",
        "naar",
        "niet",
        "nog",
        "nu",
        "of",
        "om",
        "onder",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "te",
        "tegen",
        "tot",
        "u",
        "uit",
        "van",
        "veel",
        "voor",
        "want",
        "wat",
        "we",
        "welke",
        "wie",
        "wij",
        "wil",
        "willen",
        "worden",
        "wordt",
        "ze",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zoals",
        "zou",
        "zoeken",
        "zoek",
        "graag",
        "hoe",
        "iemand",
        "ergens",
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "for",
        "from",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "we",
        "what",
        "with",
        "you",
        "your",
        "want",
        "wants",
        "looking",
        "find",
        "need",
    ]
)

_nl = snowballstemmer.stemmer("dutch")
_en = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """Lower case without accents: 'Energiecoöperatie' -> 'energiecooperatie'. Other non-ASCII
    characters go too: words are [a-z0-9]+."""
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


def words(text: str, *, stop: bool = True) -> list[str]:
    """Normalised words; stopwords left out unless ``stop`` is False."""
    out = [w for w in WORD.findall(normalise(text)) if len(w) > 1 or w.isdigit()]
    return [w for w in out if w not in STOPWORDS] if stop else out


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _nl.stemWord(word)


@lru_cache(maxsize=50_000)
def stems(word: str) -> frozenset[str]:
    """The Dutch and the English stem of a normalised word (one if they agree)."""
    return frozenset({_nl.stemWord(word), _en.stemWord(word)})


# --- synonyms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synonyms:
    single: dict[str, frozenset[str]]  # Dutch stem -> group tokens
    multi: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first stem -> ((stem sequence, group token), ...)
    members: dict[str, tuple[str, ...]]  # group token -> its terms as written


GROUP_PREFIX = "syngroup"


def group_token(number: int) -> str:
    return f"{GROUP_PREFIX}{number:03d}"


def is_group_token(token: str) -> bool:
    return token.startswith(GROUP_PREFIX)


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    single: dict[str, set[str]] = {}
    multi: dict[str, list] = {}
    members: dict[str, tuple[str, ...]] = {}
    lines = [line.strip() for line in (DATA / "synonyms.txt").read_text(encoding="utf-8").splitlines()]
    for number, line in enumerate(line for line in lines if line and not line.startswith("#")):
        token = group_token(number)
        terms = tuple(t.strip() for t in line.split(",") if t.strip())
        members[token] = terms
        for term in terms:
            seq = tuple(stem(w) for w in words(term, stop=False))
            if len(seq) == 1:
                single.setdefault(seq[0], set()).add(token)
            elif seq:
                multi.setdefault(seq[0], []).append((seq, token))
    return Synonyms({k: frozenset(v) for k, v in single.items()}, {k: tuple(v) for k, v in multi.items()}, members)


def synonym_occurrences(word_list: list[str], parts: dict[str, tuple[str, ...]] | None = None) -> Counter:
    """Group tokens of the synonym groups that ``word_list`` (normalised words, stopwords kept) mentions,
    with how often; the parts of compound words count as well (once per group and word)."""
    syn = synonyms()
    seq = [stem(w) for w in word_list]
    found: Counter = Counter()
    for i, s in enumerate(seq):
        groups = set(syn.single.get(s, frozenset()))
        for phrase, token in syn.multi.get(s, ()):
            if tuple(seq[i : i + len(phrase)]) == phrase:
                groups.add(token)
        for part in (parts or {}).get(word_list[i], ()):
            groups |= syn.single.get(stem(part), frozenset())
        found.update(groups)
    return found


def synonym_groups(word_list: list[str], parts: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """Group tokens of the synonym groups that ``word_list`` mentions (see synonym_occurrences)."""
    return set(synonym_occurrences(word_list, parts))


# --- compounds --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def base_words() -> frozenset[str]:
    lines = (DATA / "words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(normalise(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def split_compound(word: str, dictionary) -> tuple[str, ...]:
    """The parts of a Dutch compound, each in ``dictionary`` or data/words.txt, joined directly or by
    an s, e or en: 'energietransitie' -> ('energie', 'transitie'). Empty when the word is no compound
    the dictionary knows (then it is searched as a whole)."""
    if len(word) < 2 * MIN_PART - 1 or word.isdigit():
        return ()
    base = base_words()

    def known(part: str) -> bool:
        return (len(part) >= MIN_PART and part in dictionary) or part in base

    @cache
    def best(start: int) -> tuple[str, ...] | None:
        # fewest parts, the longest first part on a tie
        if start == len(word):
            return ()
        options = []
        for end in range(len(word) - (start == 0), start + 2, -1):  # the whole word is no split
            part = word[start:end]
            if not known(part):
                continue
            for interfix in INTERFIXES:
                if end + len(interfix) <= len(word) and word.startswith(interfix, end):
                    rest = best(end + len(interfix))
                    if rest is not None and (rest or not interfix):
                        options.append((part, *rest))
        return min(options, key=len) if options else None

    parts = best(0)
    return parts if parts and 1 < len(parts) <= 3 else ()


# --- trigrams (as pg_trgm computes them) --------------------------------------------------------


def trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(a, b) for single normalised words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# --- documents --------------------------------------------------------------------------------


@dataclass
class Analysed:
    words: list[str]  # normalised words, stopwords out
    tokens: set[str] = field(default_factory=set)  # what is indexed: stems, stems of compound parts, synonym groups
    counts: Counter = field(default_factory=Counter)  # token -> occurrences in the text (term frequency)

    def terms(self) -> str:
        """The tokens as stored in the index: each as often as it occurs, sorted, each with a space
        on either side (" a  a  b "): ``terms.count(" a ")`` counts them without splitting the text
        (engine.score)."""
        return "".join(f" {t} " for t in sorted(self.counts.elements()))


def analyse(text: str, dictionary, splits: dict | None = None) -> Analysed:
    """The index tokens of a text and how often each occurs: stems of every word and of its compound
    parts, plus the synonym groups the text mentions. ``splits`` caches compound splits over one
    dictionary. A word counts once per token (its Dutch and English stem, when they differ, are two)."""
    all_words = words(text, stop=False)
    content = [w for w in all_words if w not in STOPWORDS]
    parts: dict[str, tuple[str, ...]] = {}
    word_tokens: dict[str, frozenset[str]] = {}
    for w in set(content):
        if splits is None:
            split = split_compound(w, dictionary)
        elif w in splits:
            split = splits[w]
        else:
            split = splits[w] = split_compound(w, dictionary)
        found = set(stems(w))
        if split:
            parts[w] = split
            for part in split:
                found |= stems(part)
        word_tokens[w] = frozenset(found)
    counts: Counter = Counter()
    for w in content:
        counts.update(word_tokens[w])
    counts.update(synonym_occurrences(all_words, parts))
    return Analysed(content, set(counts), counts)
