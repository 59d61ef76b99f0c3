"""The agreement definitions (agreements/*.toml), loaded once per process and validated."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

from samen.core.errors import NotFound
from samen.rules.definition import Agreement as Definition
from samen.rules.definition import load_agreement


def definition_path(slug: str) -> Path:
    """The file that defines agreement `slug`."""
    return Path(settings.SAMEN_AGREEMENTS_DIR) / f"{slug}.toml"


# The SHA-256 of each definition file as `definition` read it (the file may change on disk while a process runs).
_LOADED_SHA256: dict[str, str] = {}


@cache
def definition(slug: str) -> Definition:
    """The validated definition of agreement `slug`."""
    path = definition_path(slug)
    if not path.is_file():
        raise NotFound("agreement.unknown", f"Geen overeenkomst {slug!r} in {path.parent}.", field="agreement")
    raw = path.read_bytes()  # read once: the hash is of exactly the text the definition was made from
    loaded = load_agreement(path, raw.decode("utf-8"))
    _LOADED_SHA256[slug] = hashlib.sha256(raw).hexdigest()
    return loaded


def definition_sha256_loaded(slug: str) -> str:
    """The SHA-256 of the definition file this process evaluates agreement `slug` with (`definition`)."""
    definition(slug)
    return _LOADED_SHA256[slug]


def definition_sha256(slug: str) -> str:
    """The SHA-256 of the definition file, stored so a changed file is noticed."""
    return hashlib.sha256(definition_path(slug).read_bytes()).hexdigest()


def available() -> list[str]:
    """The slugs of every definition file."""
    return sorted(p.stem for p in Path(settings.SAMEN_AGREEMENTS_DIR).glob("*.toml"))
