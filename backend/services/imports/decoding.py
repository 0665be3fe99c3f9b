"""Text encoding detection for uploaded exports.

A byte-order mark decides first (UTF-8, UTF-16, UTF-32); then the NUL-byte pattern of UTF-16
without one (what some Windows tools write); then strict UTF-8 on a sample; then
charset-normalizer, chosen because it is the maintained successor of chardet that requests and
pip rely on, for legacy encodings (cp1252, latin-1, cp1250, mac-roman, ...). It owns only the
decision; reading is done by the table readers.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from backend.errors import UnreadableFile

SAMPLE_BYTES = 1 << 20
#: Below this many non-ASCII bytes no detector can tell legacy encodings apart.
SMALL_SAMPLE_NON_ASCII = 20
#: How many leading code units the UTF-16 probe reads, and the share of them whose high byte
#: must be NUL.
UTF16_PROBE_UNITS = 4096
UTF16_NUL_SHARE = 0.5

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: C0 control bytes that never occur in a text export (tab, newlines, form feed and escape
#: are left out: some tools write them).
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 27))


@dataclass(frozen=True, slots=True)
class DetectedEncoding:
    """The encoding to read a file with, and how sure the detection was."""

    name: str
    confidence: float


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample[:8192] if byte in _BINARY_BYTES)
    return controls / min(len(sample), 8192) > 0.01


def _bomless_utf16(sample: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text without a byte-order mark: in mostly-Latin
    text one byte of nearly every code unit is NUL, always on the same side, and the decoded text
    holds no control characters."""
    window = sample[: 2 * UTF16_PROBE_UNITS]
    units = len(window) // 2
    if units < 4:
        return None
    even_nuls, odd_nuls = window[0::2].count(0), window[1::2].count(0)
    for name, high, low in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if high < units * UTF16_NUL_SHARE or low > high * 0.1:
            continue
        try:
            text = codecs.getincrementaldecoder(name)("strict").decode(window[: 2 * units])
        except UnicodeDecodeError:
            continue
        if not any(ord(ch) in _BINARY_BYTES for ch in text):
            return name
    return None


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _utf8_error(sample: bytes, complete: bool) -> UnicodeDecodeError | None:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError as error:
        return error
    return None


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def encoding_sample(path: Path, head: bytes, *, complete: bool) -> bytes:
    """The bytes to decide the encoding on: the file's `head`, and when that is plain ASCII, also
    the stretch from the first non-ASCII byte further on (an export in cp1252 whose first accented
    name is on row 20,000 is not UTF-8)."""
    if complete or not head.isascii():
        return head
    with path.open("rb") as handle:
        handle.seek(len(head))
        while chunk := handle.read(SAMPLE_BYTES):
            found = _NON_ASCII.search(chunk)
            if found is not None:
                stretch = chunk[found.start() :]
                return head + stretch + handle.read(SAMPLE_BYTES - len(stretch))
    return head


def detect_encoding(sample: bytes, *, complete: bool) -> DetectedEncoding:
    """Decide how to decode a file from its first bytes (`complete`: the sample is all of it)."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return DetectedEncoding(name, 1.0)
    bomless = _bomless_utf16(sample)
    if bomless is not None:
        return DetectedEncoding(bomless, 0.9)
    if _looks_binary(sample):
        raise UnreadableFile(
            "The file looks binary (it contains NUL or control bytes), not a CSV or XLSX export."
        )
    error = _utf8_error(sample, complete)
    if error is None:
        return DetectedEncoding("utf-8", 1.0)
    if len(_UTF8_MULTIBYTE.findall(sample, 0, error.start)) >= 3:
        # Valid UTF-8 text followed by bytes that are not: two encodings were mixed, and any
        # single legacy encoding would silently garble the UTF-8 part.
        raise UnreadableFile(describe_decode_error(error, "utf-8"))
    return _legacy_encoding(sample)


def _legacy_encoding(sample: bytes) -> DetectedEncoding:
    """A legacy single-byte (or CJK) encoding; cp1252 wins ties and small samples, being what
    CRMs and Excel write in Western Europe and the Americas."""
    if sum(1 for byte in sample if byte >= 0x80) < SMALL_SAMPLE_NON_ASCII:
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return DetectedEncoding("cp1252", 0.6)
    matches = [
        match
        for match in charset_normalizer.from_bytes(sample)
        if not match.encoding.startswith(("utf_16", "utf_32"))
    ]
    if not matches:
        raise UnreadableFile(
            "The file's text encoding could not be recognised; save it as UTF-8 and upload again."
        )
    best = min(matches, key=lambda match: match.chaos)
    western = next((match for match in matches if match.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + 0.05:
        best = western
    return DetectedEncoding(best.encoding, round(1.0 - float(best.chaos), 3))


def describe_decode_error(error: UnicodeDecodeError, encoding: str) -> str:
    """A readable reason for bytes that do not decode."""
    bad = error.object[error.start : error.start + 4]
    return (
        f"Bytes {bad!r} near byte offset {error.start} cannot be decoded as {encoding}; "
        "the file mixes text encodings. Save it as UTF-8 and upload again."
    )
