"""Month and weekday words in the languages CRM exports come in (en, de, fr, es, it, nl).

It owns only vocabulary, keyed in the folded form `dates.py` reads (accents stripped, case
folded): every full month name and every prefix of it from three letters on ("sept", "janv",
"märz" -> "marz"), and the weekday names a date may open with. It does not parse anything.
"""

from __future__ import annotations

from typing import Final

_MONTH_NAMES: Final[tuple[tuple[str, ...], ...]] = (
    ("january", "januar", "janner", "jaenner", "janvier", "enero", "gennaio", "januari"),
    ("february", "februar", "feber", "fevrier", "febrero", "febbraio", "februari"),
    ("march", "marz", "maerz", "mars", "marzo", "maart"),
    ("april", "avril", "abril", "aprile"),
    ("may", "mai", "mayo", "maggio", "mei"),
    ("june", "juni", "juin", "junio", "giugno"),
    ("july", "juli", "juillet", "julio", "luglio"),
    ("august", "aout", "agosto", "augustus"),
    ("september", "septembre", "septiembre", "setiembre", "settembre"),
    ("october", "oktober", "octobre", "octubre", "ottobre"),
    ("november", "novembre", "noviembre"),
    ("december", "dezember", "decembre", "diciembre", "dicembre"),
)

WEEKDAY_WORDS: Final[frozenset[str]] = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend",
        "sonntag", "mo", "di", "mi", "do", "fr", "sa", "so",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "lun", "mer", "jeu", "ven", "sam", "dim",
        "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
        "lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica",
        "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    }
)  # fmt: skip

#: Words that may sit between the parts of a written date ("5th of March", "5 de marzo de").
DATE_FILLER_WORDS: Final[frozenset[str]] = frozenset(
    {"of", "the", "st", "nd", "rd", "th", "de", "del", "el", "er", "eme", "le", "den", "der",
     "am", "on", "o", "a", "y", "e", "di"}
)  # fmt: skip


def _month_words() -> dict[str, int]:
    """Every full name and prefix of three letters or more; a prefix two months share
    ("jui": juin, juillet) is left out."""
    seen: dict[str, set[int]] = {}
    for number, names in enumerate(_MONTH_NAMES, start=1):
        for name in names:
            for end in range(3, len(name) + 1):
                seen.setdefault(name[:end], set()).add(number)
    return {word: numbers.pop() for word, numbers in seen.items() if len(numbers) == 1}


#: Folded month word (full name or a prefix of three letters or more) -> month number.
MONTH_WORDS: Final[dict[str, int]] = _month_words()
