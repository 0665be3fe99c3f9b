"""`python -m backend.cli` runs the `velocity-crm` command."""

from backend.cli.main import app

app(prog_name="velocity-crm")
