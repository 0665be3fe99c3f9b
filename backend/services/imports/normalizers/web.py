"""Web addresses and domains: the canonical URL, and the registrable domain of a site or a mailbox.

It owns adding the missing scheme, lower-casing the host, and finding the registrable domain
("https://www.Acme.co.uk/about" -> "acme.co.uk") with `tldextract`, which reads its bundled
Public Suffix List snapshot only: the extractor below never fetches the list over the network
and never writes a cache. It also owns the free-mail list, because a gmail.com address says
nothing about the company a person works for.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final
from urllib.parse import urlsplit, urlunsplit

import tldextract
from email_validator import SPECIAL_USE_DOMAIN_NAMES

from .base import BLANK, NormalizedValue, clean_cell, doubtful, exact, first_of_several, invalid

#: Offline: no suffix-list URLs to fetch, no cache directory; the bundled snapshot is used.
_EXTRACT: Final = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_SCHEME_RE: Final = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_HOST_RE: Final = re.compile(r"^[\w\-.]+\.[\w\-]{2,}$")
_EDGE_JUNK: Final = "\"'`<>()[]{},;"
_LIST_SPLIT_RE: Final = re.compile(r"\s*[,;|\n]\s*|\s+")

FREE_MAIL_DOMAINS: Final[frozenset[str]] = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.de", "yahoo.fr",
        "yahoo.es", "yahoo.it", "yahoo.ca", "yahoo.com.au", "yahoo.co.jp", "yahoo.com.br",
        "ymail.com", "rocketmail.com", "hotmail.com", "hotmail.co.uk", "hotmail.de",
        "hotmail.fr", "hotmail.es", "hotmail.it", "outlook.com", "outlook.de", "outlook.fr",
        "outlook.es", "live.com", "live.co.uk", "live.de", "live.fr", "msn.com", "aol.com",
        "aol.de", "icloud.com", "me.com", "mac.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch",
        "gmx.com", "web.de", "t-online.de", "freenet.de", "arcor.de", "orange.fr",
        "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it", "virgilio.it",
        "tiscali.it", "alice.it", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "yandex.ru",
        "yandex.com", "ya.ru", "protonmail.com", "protonmail.ch", "proton.me", "pm.me",
        "zoho.com", "zohomail.com", "qq.com", "163.com", "126.com", "sina.com", "naver.com",
        "daum.net", "hanmail.net", "seznam.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl",
        "bluewin.ch", "hispeed.ch", "telenet.be", "skynet.be", "ziggo.nl", "planet.nl",
        "kpnmail.nl", "xs4all.nl", "btinternet.com", "sky.com", "virginmedia.com",
        "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net",
        "charter.net", "earthlink.net", "shaw.ca", "rogers.com", "sympatico.ca",
        "bigpond.com", "optusnet.com.au", "mail.com", "email.com", "usa.com", "fastmail.com",
        "fastmail.fm", "hushmail.com", "tutanota.com", "tuta.io", "posteo.de", "mailbox.org",
        "terra.com.br", "uol.com.br", "bol.com.br", "rediffmail.com",
    }
)  # fmt: skip

#: Providers with a free-mail domain under many country suffixes (yahoo.*, gmx.*, ...).
_FREE_MAIL_LABELS: Final = frozenset(
    {"yahoo", "hotmail", "outlook", "live", "gmx", "yandex", "aol", "msn", "windowslive"}
)


def _with_scheme(text: str) -> str:
    if text.startswith("//"):
        return "https:" + text
    return text if _SCHEME_RE.match(text) else "https://" + text


def normalize_url(raw: str) -> NormalizedValue:
    """A web address with a scheme (https:// added when missing) and a lower-case host."""
    text = clean_cell(raw).strip(_EDGE_JUNK)
    if not text:
        return BLANK
    if " " in text:
        return invalid("not a valid web address: it contains spaces")
    parts = urlsplit(_with_scheme(text))
    if "@" in parts.netloc and not parts.path.strip("/"):
        return invalid("not a valid web address: it looks like an e-mail address")
    if parts.scheme.lower() not in {"http", "https"}:
        return invalid(f"not a valid web address: unsupported scheme {parts.scheme}:")
    host = (parts.hostname or "").rstrip(".")
    if not _HOST_RE.match(host):
        return invalid("not a valid web address: no host name with a dot")
    try:
        port = parts.port
    except ValueError:
        return invalid("not a valid web address: the port is not a number")
    netloc = host.lower() + (f":{port}" if port else "")
    path = "" if parts.path == "/" else parts.path
    return exact(urlunsplit((parts.scheme.lower(), netloc, path, parts.query, parts.fragment)))


@lru_cache(maxsize=65536)
def _registrable(host: str) -> str | None:
    extracted = _EXTRACT(host.lower())
    if not extracted.suffix or not extracted.domain:
        return None
    return extracted.top_domain_under_public_suffix


def _host_of(raw: str) -> str:
    text = clean_cell(raw).strip(_EDGE_JUNK).lower()
    if "@" in text and "/" not in text:
        return text.rpartition("@")[2]
    return (urlsplit(_with_scheme(text)).hostname or "").rstrip(".")


def domain_from_website(raw: str) -> str | None:
    """The registrable domain of a site ("https://www.Acme.co.uk/about" -> "acme.co.uk")."""
    host = _host_of(raw)
    return _registrable(host) if host else None


def is_free_mail_domain(domain: str) -> bool:
    """Whether the domain is a public mailbox provider (gmail.com, yahoo.fr, gmx.net, ...)."""
    domain = domain.strip().lower()
    if domain in FREE_MAIL_DOMAINS:
        return True
    registrable = _registrable(domain)
    return registrable is not None and (
        registrable in FREE_MAIL_DOMAINS or registrable.split(".", 1)[0] in _FREE_MAIL_LABELS
    )


def domain_from_email(email: str) -> str | None:
    """The company domain behind an address, or None for free-mail and unreadable addresses."""
    return domain_of_address(clean_cell(email))


def domain_of_address(address: str) -> str | None:
    """`domain_from_email` of an address already clean (as `normalize_email` leaves it): an
    import derives one for every row, and cleaning a cell again is most of the cost."""
    if "@" not in address:
        return None
    return _company_domain(address.rpartition("@")[2].strip(_EDGE_JUNK + ".").lower())


#: Domains reserved for examples and tests (RFC 2606, RFC 6761): sample and test exports use
#: them for every address, and they say nothing about the company a person works for. The
#: special-use top-level names are email-validator's (it refuses addresses there), plus "example".
_RESERVED_DOMAINS: Final = frozenset({"example.com", "example.net", "example.org"})
_RESERVED_SUFFIXES: Final = frozenset({"example", *SPECIAL_USE_DOMAIN_NAMES})


@lru_cache(maxsize=65536)
def _company_domain(host: str) -> str | None:
    """The registrable domain of a mailbox host, None for free mail and reserved domains (hosts
    repeat: cached)."""
    if not host or is_free_mail_domain(host) or host.rpartition(".")[2] in _RESERVED_SUFFIXES:
        return None
    registrable = _registrable(host)
    return None if registrable in _RESERVED_DOMAINS else registrable


def _several(text: str) -> list[str]:
    """The addresses of a cell that lists several ("a.io, b.com"; "a.io; b.com"; one a line)."""
    return [part for part in _LIST_SPLIT_RE.split(text.strip(_EDGE_JUNK)) if part]


def normalize_domain(raw: str) -> NormalizedValue:
    """A registrable domain from a domain, a web address or an e-mail address; of a cell that
    lists several, the first (the others in `extra["additional"]`)."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    listed = _several(text)
    if not listed:  # nothing but quotes or brackets
        return invalid("not a domain: no registrable domain found")
    first, *others = listed
    if others:
        found = normalize_domain(first)
        if found.value is None:
            return found
        return first_of_several(found, (domain_from_website(o) for o in others), "domains")
    domain = domain_from_website(text)
    if domain is None:
        return invalid("not a domain: no registrable domain found")
    if "@" in text and is_free_mail_domain(domain):
        return doubtful(domain, 0.5, "a free-mail domain says nothing about the organization")
    return exact(domain)
