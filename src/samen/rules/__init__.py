"""The agreement as code: pure functions over frozen dataclasses, no Django (import-linter enforces it)."""
