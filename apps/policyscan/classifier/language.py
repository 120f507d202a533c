"""Language detection for Dutch and English by function words: no model, no dependency.

Function words are the most frequent words of a language and differ clearly between Dutch and
English; a text is Dutch or English when enough of its words are function words of that language
and clearly more than of the other. Anything else (German, French, a table of numbers) is "other"."""

from __future__ import annotations

import re

NL = frozenset(
    "de het een en van in op te dat die voor met is zijn niet aan er om ook als bij door naar "
    "wordt worden werd uit tot maar of over dan nog wel geen meer deze dit wij we ons onze zij ze "
    "hun hebben heeft kan kunnen moet moeten zal zullen al na zo waar waarin waarbij hoe wat wie "
    "wanneer omdat tussen onder binnen zonder tegen sinds per nieuwe gaan gaat blijft daarom daarnaast "
    "hierbij hiervoor hiermee samen jaar jaren veel goed andere welke zoals alle inwoners gemeente".split()
)
EN = frozenset(
    "the of and to in a is that for on with as by are be this it from at or an which was were "
    "has have had not but their its they these those will would can could should been also more "
    "than such into about between through other all most many our we there where when how who "
    "what while each both under within without including however new people countries".split()
)
WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """"nl", "en" or "other". Needs a few function words: very short texts with none are "other"."""
    words = [w.lower() for w in WORD.findall(text[:20000])]
    if not words:
        return "other"
    nl = sum(w in NL for w in words)
    en = sum(w in EN for w in words)
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
