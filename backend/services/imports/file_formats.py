"""File formats: recognising, from its first bytes or first characters, a file that is not one we
read (CSV, TSV, XLSX), so that it fails with a reason that names what it is and how to get a
readable export, instead of being parsed as text into nonsense rows.

Recognised: archives and documents by their magic numbers (gzip, PDF, legacy .xls, ZIP archives
that are not XLSX workbooks: .xlsb, OpenDocument, Apple Numbers, a zipped export); and, once the
text is decoded, JSON and JSON lines, HTML pages saved under an .xls name (what several CRMs'
"Export to Excel" writes) and XML documents, Excel's "XML Spreadsheet 2003" among them. It does
not decode text (`decoding`) nor read tables (`table_sources`).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Final

from backend.errors import UnreadableFile

XLSX_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"
_GZIP_MAGIC: Final = b"\x1f\x8b"
_PDF_MAGIC: Final = b"%PDF-"
_SAVE_AS: Final = "open it in Excel (or a spreadsheet program) and save it as .xlsx or CSV"
_MARKUP_START: Final = re.compile(r"\s*<\s*([!?]?[A-Za-z][\w:.-]*)")
_HTML_TAGS: Final = frozenset({"!doctype", "html", "head", "body", "table", "meta", "style"})
_MARKUP_SCAN: Final = 64 * 1024
_JSON_START: Final = re.compile(r"\s*(\{|\[\s*[\[{\]])")


def refuse_binary_format(head: bytes) -> None:
    """Fail with a specific reason when the bytes start like a format other than text or XLSX."""
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFile(
            f"This is a legacy Excel .xls workbook; {_SAVE_AS}, then upload again."
        )
    if head.startswith(_GZIP_MAGIC):
        raise UnreadableFile(
            "The file is gzip-compressed; decompress it and upload the CSV or XLSX inside."
        )
    if head.startswith(_PDF_MAGIC):
        raise UnreadableFile(
            "This is a PDF document, not a data export; export the records as CSV or XLSX."
        )


def check_xlsx_archive(path: Path) -> None:
    """Fail with a specific reason when a ZIP archive is not an XLSX workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(
            f"The XLSX workbook is damaged and cannot be opened: {error}"
        ) from error
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise UnreadableFile(f"This is a binary Excel workbook (.xlsb); {_SAVE_AS}.")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnreadableFile(
            f"This is an OpenDocument file (.ods), not an XLSX workbook; {_SAVE_AS}."
        )
    if any(name.startswith("Index/") and name.endswith(".iwa") for name in names):
        raise UnreadableFile(f"This is an Apple Numbers document; {_SAVE_AS}.")
    listed = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    raise UnreadableFile(
        f"This is a ZIP archive, not an XLSX workbook (it holds: {listed or 'nothing'}); "
        "extract the export and upload the CSV or XLSX file itself."
    )


def _is_json(text: str, *, complete: bool) -> bool:
    if not _JSON_START.match(text):
        return False
    candidates = [text] if complete else []
    candidates.append(text.lstrip().split("\n", 1)[0])
    for candidate in candidates:
        try:
            parsed = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(parsed, dict | list):
            return True
    return text.lstrip().startswith("[") and text.lstrip()[1:].lstrip().startswith("{")


def refuse_text_format(sample: str, *, complete: bool) -> None:
    """Fail with a specific reason when decoded text is JSON, HTML or XML rather than a table."""
    if _is_json(sample, complete=complete):
        raise UnreadableFile(
            "This is a JSON file; JSON exports are not read. Export the records as CSV or XLSX "
            "and upload again."
        )
    markup = _MARKUP_START.match(sample)
    if markup is None:
        return
    tag = markup.group(1).casefold()
    head = sample[:_MARKUP_SCAN]
    if "urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise UnreadableFile(
            f"This is an Excel 2003 XML Spreadsheet; {_SAVE_AS}, then upload again."
        )
    if tag in _HTML_TAGS or (tag != "?xml" and "<table" in head.casefold()):
        raise UnreadableFile(
            'This file is an HTML page, not a spreadsheet (some CRMs\' "Export to Excel" '
            f"writes HTML under an .xls name); {_SAVE_AS}, then upload again."
        )
    if tag != "?xml" and f"</{tag}" not in head.casefold():
        return  # a header like "<Name>,<Email>" is not markup
    raise UnreadableFile(
        "This file is an XML document, not a CSV or XLSX export; export the records as CSV or "
        "XLSX and upload again."
    )
