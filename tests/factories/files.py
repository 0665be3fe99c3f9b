"""Factories for export files the tests write themselves: keyword-only, realistic defaults."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

CONTACT_HEADER = ["First Name", "Last Name", "Email", "Phone", "Account Name", "Mailing City"]
CONTACT_ROWS = [
    ["Zoë", "Müller", "zoe.mueller@example.de", "+49 30 1234567", "Müller & Söhne GmbH", "Berlin"],
    ["José", "García", "jose.garcia@example.es", "+34 91 123 45 67", "Acme, S.L.", "Madrid"],
    ["Ann", "O'Brien", "ann@obrien.ie", "(01) 555 0101", "O'Brien Ltd", "Dublin"],
]


def write_csv(
    path: Path,
    *,
    header: Sequence[str] = CONTACT_HEADER,
    rows: Sequence[Sequence[str]] = CONTACT_ROWS,
    delimiter: str = ",",
    encoding: str = "utf-8",
    lineterminator: str = "\r\n",
    preamble: Sequence[str] = (),
) -> Path:
    """Write a CSV export the way a CRM would."""
    buffer = io.StringIO()
    for line in preamble:
        buffer.write(line + lineterminator)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write a workbook with the given sheets (first one first)."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = True
    for title, rows in sheets.items():
        worksheet = workbook.active if first else workbook.create_sheet()
        assert worksheet is not None
        worksheet.title = title
        for row in rows:
            worksheet.append(row)
        first = False
    workbook.save(path)
    return path


def write_xlsx_with_stored_dimension(
    path: Path, rows: list[list[object]], *, dimension: str = "A1"
) -> Path:
    """Write a one-sheet workbook whose stored dimension is wrong, as some writers leave it."""
    import re
    import zipfile

    plain = write_xlsx(path.with_suffix(".plain.xlsx"), {"Contacts": rows})
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"\s*/>',
                    f'<dimension ref="{dimension}"/>'.encode(),
                    data,
                )
            target.writestr(item, data)
    plain.unlink()
    return path
