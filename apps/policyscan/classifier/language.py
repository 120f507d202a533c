"""Language detection for Dutch and English by function words: no model, no dependency.

Function words are the most frequent words of a language and differ clearly between Dutch and
English; a text is Dutch or English when enough of its words are function words of that language
and clearly more than of the other, and few are function words of German, French, Spanish or
Italian. Anything else (another language, a table of numbers) is "other"."""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NL = words(
    "de het een en van in op te dat die voor met is zijn niet aan er om ook als bij door naar "
    "wordt worden werd uit tot maar of over dan nog wel geen meer deze dit wij we ons onze zij ze "
    "hun hebben heeft kan kunnen moet moeten zal zullen al na zo waar waarin waarbij hoe wat wie "
    "wanneer omdat tussen onder binnen zonder tegen sinds per nieuwe gaan gaat blijft daarom daarnaast "
    "hierbij hiervoor hiermee samen jaar jaren veel goed andere welke zoals alle inwoners gemeente"
)
EN = words(
    "the of and to in a is that for on with as by are be this it from at or an which was were "
    "has have had not but their its they these those will would can could should been also more "
    "than such into about between through other all most many our we there where when how who "
    "what while each both under within without including however new people countries"
)
# function words of other languages that are not Dutch or English words
OTHER = (
    words(
        "der und ist nicht mit für auf wird werden dem des eine einen sich auch nach zu im vom zum zur "
        "sind wurde oder aber wir sie ihr uns über unter durch gegen ohne "
        "le la les des et est pour dans une du que qui pas sur avec au aux ces cette sont être nous vous "
        "los las el y es para con una por del se su sus como más pero "
        "il che di della delle sono gli nel alla"
    )
    - NL
    - EN
)
WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """ "nl", "en" or "other". Needs a few function words: very short texts with none are "other"."""
    words = [w.lower() for w in WORD.findall(text[:20000])]
    if not words:
        return "other"
    nl = sum(w in NL for w in words)
    en = sum(w in EN for w in words)
    if sum(w in OTHER for w in words) >= max(2, max(nl, en) / 2):
        return "other"
    if max(nl, en) < 2 and len(words) > 3:
        return "other"
    share = max(nl, en) / len(words)
    if share < 0.12 and len(words) >= 20:
        return "other"
    if nl > en * 1.5:
        return "nl"
    if en > nl * 1.5:
        return "en"
    return "other"
