"""Write the API's OpenAPI schema (the source of the UI's generated TypeScript types)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.api.app import create_app
from backend.settings import Settings


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(data_dir=Path(folder), database_url=None))
        schema = app.openapi()
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("app/openapi.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
