"""The shapes of CONTRACTS.md as Pydantic models, shared by the API, the CLI and the tests."""
