"""Yes/no values: JSON booleans (`true` / `false`) from the spellings CRM exports and people use.

It owns the vocabulary (yes/no, y/n, 1/0, x, check marks, checked/unchecked, on/off and the
German, French, Spanish, Italian and Dutch words). The two boolean targets are opt-out flags
(`client.email_opt_out`, `client.do_not_call`), so "opted out" and "unsubscribed" read as true
and "opted in" and "subscribed" as false. Anything else, "-" included, is not guessed.
The canonical value is a Python `bool`, so deltas, the graph, Client 360 and exports carry a
JSON boolean; provenance keeps the raw spelling.
"""

from __future__ import annotations

from typing import Final

from .base import BLANK, NormalizedValue, clean_cell, exact, fold_key, invalid

_TRUE_MARKS: Final = frozenset({"✓", "✔", "☑", "☒", "✅"})
_FALSE_MARKS: Final = frozenset({"☐"})

_WORDS: Final[dict[str, bool]] = {
    **dict.fromkeys(
        (
            "yes", "y", "true", "t", "1", "x", "checked", "check", "ticked", "on",
            "enabled", "optedout", "optout", "unsubscribed", "unsubscribe", "donotcontact",
            "donotcall", "dnc", "ja", "j", "wahr", "oui", "vrai", "si", "verdadero",
            "vero", "waar", "yep", "yeah",
        ),
        True,
    ),
    **dict.fromkeys(
        (
            "no", "n", "false", "f", "0", "unchecked", "unticked", "off", "disabled",
            "optedin", "optin", "subscribed", "nein", "falsch", "non", "faux", "falso", "nee",
            "onwaar", "nope",
        ),
        False,
    ),
}  # fmt: skip


def normalize_boolean(raw: str) -> NormalizedValue:
    """`True` or `False` from yes/no, 1/0, x, ✓, opted out/in, ja/nein, oui/non, sí/no..."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    if text in _TRUE_MARKS or text in _FALSE_MARKS:
        return exact(text in _TRUE_MARKS)
    verdict = _WORDS.get(fold_key(text.removesuffix(".0")))
    if verdict is None:
        return invalid(f"not a yes/no value: {text!r}")
    return exact(verdict)
