"""Common names of municipalities that differ from CBS's official name, for finding a municipality by
what people type ("Den Haag" is officially 's-Gravenhage). Keys are normalised with ``normalise``."""

import unicodedata

# common name → CBS code
ALIASES = {
    "den haag": "GM0518",
    "the hague": "GM0518",
    "gravenhage": "GM0518",
    "den bosch": "GM0796",
    "hertogenbosch": "GM0796",
    "bergen nh": "GM0373",
    "bergen noord-holland": "GM0373",
    "bergen l": "GM0893",
    "bergen limburg": "GM0893",
    "hengelo o": "GM0164",
    "laren nh": "GM0417",
    "rijswijk zh": "GM0603",
    "middelburg z": "GM0687",
    "beek l": "GM0888",
    "nuenen": "GM0820",
    "valkenburg": "GM0994",
    "sudwest-friesland": "GM1900",
    "zuidwest-friesland": "GM1900",
    "noordoost-friesland": "GM1970",
    "de friese meren": "GM1940",
    "tietjerksteradeel": "GM0737",
    "dantumadeel": "GM1891",
}


def normalise(text: str) -> str:
    """Lower case, without accents, quotes, dots and brackets, single spaces: "'s-Gravenhage" and
    "’s-gravenhage" compare equal, "Bergen (NH.)" becomes "bergen nh", "Súdwest-Fryslân" "sudwest-fryslan"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    for char in "'’`.()":
        text = text.replace(char, " ")
    text = " ".join(text.lower().split())
    return text.removeprefix("s-").removeprefix("s -")


# the common names offered as suggestions in pick lists (as people write them)
COMMON_NAMES = {"Den Haag": "GM0518", "Den Bosch": "GM0796", "Bergen (NH)": "GM0373", "Bergen (L)": "GM0893"}
