"""Pure normalizers: one module per canonical value form of CONTRACTS.md section 3.

Each function takes a raw cell (and the little context it needs) and returns a
`NormalizedValue`; none does I/O or touches the database. `registry.normalize_value` dispatches
by the transform names of `targets.py`.

Libraries, and why:

- e-mail: `email-validator` (syntax only, `check_deliverability=False`): RFC-aware, handles
  internationalized addresses, and names what is wrong. Plain addresses skip its full parse
  through a pattern that admits only what it accepts (a test compares the two).
- phone: `phonenumbers` (libphonenumber's metadata): per-country validity, extensions, E.164.
  Its parser costs tens of microseconds a number; numbers in the common written shapes are
  read from the same metadata, compiled once per region, with the same answer (a test compares
  the two on 40,000 numbers).
- names: `nameparser`: "Last, First", titles, suffixes, particles and Mc/O' case repair.
- web / domain: `tldextract` with its bundled Public Suffix List snapshot (offline, no cache
  writes): the registrable domain of "www.acme.co.uk" is "acme.co.uk", not "co.uk".
- country / currency: `pycountry`: ISO 3166 / 4217 codes, names and the translations it ships.
- enums / country typos: `rapidfuzz` for near matches, with lower confidence.
- dates, money, numbers, booleans, tags, text: hand-written, because the libraries that parse
  these guess (a day/month order, a decimal separator) where the contract wants the doubt
  reported.
"""

from backend.native import use_build

use_build(__name__, __path__)  # the compiled normalizers, where built (backend/native.py)

from .base import NormalizedValue  # noqa: E402 - once the package looks in the build
from .registry import (  # noqa: E402
    KNOWN_TRANSFORMS,
    FrozenVocabulary,
    NormalizeContext,
    normalize_value,
)

__all__ = [
    "KNOWN_TRANSFORMS",
    "FrozenVocabulary",
    "NormalizeContext",
    "NormalizedValue",
    "normalize_value",
]
