"""Package ecosystems as data: the manifests that mark a step as touching one, its lockfiles, and
the strict install that brings the installed packages back in line with a restored lockfile
(``references/code-hygiene.md`` § Lockfiles). Checkpoints read it; nothing here touches the disk.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Ecosystem:
    name: str
    manifests: tuple[str, ...]
    #: (lockfile name or glob, its strict install command or None when restoring the file is enough)
    lockfiles: tuple[tuple[str, str | None], ...]


ECOSYSTEMS: tuple[Ecosystem, ...] = (
    Ecosystem(
        "npm",
        ("package.json",),
        (
            ("package-lock.json", "npm ci"),
            ("pnpm-lock.yaml", "pnpm install --frozen-lockfile"),
            ("yarn.lock", "yarn install --frozen-lockfile"),
        ),
    ),
    Ecosystem("cargo", ("Cargo.toml",), (("Cargo.lock", "cargo build --locked"),)),
    Ecosystem(
        "python",
        ("pyproject.toml", "setup.py", "setup.cfg", "requirements*.in"),
        (
            ("poetry.lock", "poetry install --sync"),
            ("uv.lock", "uv sync --locked"),
            ("requirements*.txt", "pip install -r {path}"),
        ),
    ),
    Ecosystem("bundler", ("Gemfile",), (("Gemfile.lock", "bundle install"),)),
    Ecosystem("go", ("go.mod",), (("go.sum", "go mod download"),)),
    Ecosystem("composer", ("composer.json",), (("composer.lock", "composer install"),)),
    Ecosystem("mix", ("mix.exs",), (("mix.lock", "mix deps.get"),)),
    Ecosystem("gradle", ("build.gradle", "build.gradle.kts"), (("gradle.lockfile", None),)),
)

#: File names never copied into a snapshot, whatever they are (matched case-insensitively).
SECRET_NAMES: tuple[str, ...] = (".env*", "*.pem", "*.key", "id_*", "credentials*", "*.p12", "*.pfx")
#: Words that mark a file's content as possibly secret: such a file is never copied.
SECRET_WORDS_RE = re.compile(r"SECRET|PRIVATE_KEY|TOKEN|PASSWORD")


def _matches(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern)


def touched(paths: list[str]) -> list[tuple[Ecosystem, str]]:
    """(ecosystem, folder) for each manifest or lockfile among ``paths`` (project-relative, ``/``)."""
    found: list[tuple[Ecosystem, str]] = []
    for path in paths:
        folder, name = posixpath.split(path)
        for ecosystem in ECOSYSTEMS:
            names = ecosystem.manifests + tuple(lock for lock, _ in ecosystem.lockfiles)
            if any(_matches(name, pattern) for pattern in names) and (ecosystem, folder) not in found:
                found.append((ecosystem, folder))
    return found


def lockfile_candidates(ecosystem: Ecosystem, folder: str, names: list[str]) -> list[tuple[str, str | None]]:
    """(project-relative lockfile path, install command) for the lockfiles among ``names`` (the
    files present in ``folder``)."""
    found: list[tuple[str, str | None]] = []
    for pattern, install in ecosystem.lockfiles:
        for name in sorted(names):
            if _matches(name, pattern):
                path = posixpath.join(folder, name) if folder else name
                command = install.format(path=path) if install else None
                if folder and command and "{path}" not in (install or ""):
                    command = f"(cd {folder} && {command})"
                found.append((path, command))
    return found


def secret_name(name: str) -> bool:
    """True when a file's name says it may hold secrets."""
    lowered = posixpath.basename(name).lower()
    return any(fnmatch.fnmatchcase(lowered, pattern) for pattern in SECRET_NAMES)


def secret_content(data: bytes) -> str | None:
    """The first secret-marking word in ``data``, or None."""
    match = SECRET_WORDS_RE.search(data.decode("utf-8", errors="replace"))
    return match.group(0) if match else None
