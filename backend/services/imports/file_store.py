"""The content-addressed file store: uploaded bytes kept once under their sha256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from backend.errors import FileTooLarge

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class StoredFile:
    """Where stored bytes are and what they are."""

    sha256: str
    size_bytes: int
    path: Path
    already_stored: bool


class FileStore:
    """Stores streams under `root/ab/cd/<sha256>`; the same bytes are stored once."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        """Where the bytes with this digest live."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, stream: BinaryIO, *, max_bytes: int) -> StoredFile:
        """Copy a stream into the store, refusing it past `max_bytes`."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        handle, temp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as temp:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge(
                            f"The file is larger than the {max_bytes:,}-byte upload limit."
                        )
                    digest.update(chunk)
                    temp.write(chunk)
            sha256 = digest.hexdigest()
            final = self.path_for(sha256)
            if final.exists():
                os.unlink(temp_name)
                return StoredFile(sha256, size, final, already_stored=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_name, final)
            return StoredFile(sha256, size, final, already_stored=False)
        except BaseException:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
            raise
