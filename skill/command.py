"""The command that runs this installation: decided here, once, for every message, emitted text,
template and hook.

The rule, first match wins:

1. ``$IP_COMMAND`` when set (an explicit override, like pip-tools' ``CUSTOM_COMPILE_COMMAND``);
2. ``iterative-planner`` when that name on PATH is this installation's console script;
3. this installation's console script by absolute path;
4. this interpreter by absolute path, run so that the current folder is not put on ``sys.path``
   (``-P`` from Python 3.11, ``-I`` before when the package is importable that way): a project's
   own ``skill`` package can then never shadow this one, as it would with ``python -m skill``.

A console script never puts the current folder on ``sys.path`` either, so every answer is safe in a
project that has a ``skill/`` folder. Only ``os`` and ``sys`` are imported up front (``pathlib``,
``shutil`` and ``sysconfig`` when a rule needs them): the fast paths and the hooks call this.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

CONSOLE_SCRIPT = "iterative-planner"
OVERRIDE_ENV = "IP_COMMAND"


_SHELL_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")


def quote(path: str) -> str:
    """``path`` quoted for the platform's shell (only when it needs it)."""
    if os.name == "nt":
        return f'"{path}"' if (" " in path or "\t" in path) else path
    if path and all(char in _SHELL_SAFE for char in path):
        return path  # what shlex.quote returns for it, without importing shlex
    import shlex

    return shlex.quote(path)


def split(command: str) -> list[str]:
    """A command line as an argument list, split the way :func:`quote` joins it."""
    import shlex

    return shlex.split(command, posix=os.name != "nt")


def _script_names() -> list[str]:
    return [CONSOLE_SCRIPT + ".exe", CONSOLE_SCRIPT] if os.name == "nt" else [CONSOLE_SCRIPT]


def _script_folders() -> Iterator[str]:
    """This interpreter's folder first (a venv's scripts are there), then the scripts folders
    ``sysconfig`` names (imported only when the first one has no script)."""
    first = os.path.dirname(os.path.abspath(sys.executable))
    yield first
    import sysconfig

    seen = {os.path.normcase(first)}
    for scheme in (None, f"{os.name}_user"):
        try:
            found = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except (KeyError, TypeError, ValueError):
            continue
        if found and os.path.normcase(os.path.normpath(found)) not in seen:
            seen.add(os.path.normcase(os.path.normpath(found)))
            yield os.path.normpath(found)


def own_console_script() -> str | None:
    """This installation's console script: in this interpreter's scripts folders, running this
    interpreter (a shared folder such as ``/usr/bin`` may hold another Python's)."""
    for folder in _script_folders():
        for name in _script_names():
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK) and runs_this_interpreter(candidate):
                return candidate
    return None


_SH_EXEC = "'''exec' "


def _shebang_interpreter(script: Path | str) -> str | None:
    """The interpreter a script's first line names; pip's ``/bin/sh`` wrapper for long paths
    (second line ``'''exec' "/path/python" "$0" "$@"``) is understood too."""
    try:
        with open(script, "rb") as handle:
            head = handle.read(8192).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    if not head or not head[0].startswith("#!"):
        return None
    words = head[0][2:].split()
    if words and words[0].endswith("/sh") and len(head) > 1 and head[1].startswith(_SH_EXEC):
        rest = head[1][len(_SH_EXEC) :]
        if rest.startswith('"') and '"' in rest[1:]:
            return rest[1 : rest.index('"', 1)]
    return words[0] if words else None


def same_interpreter(a: str, b: str) -> bool:
    """Equal paths, or one folder and one file: ``venv/bin/python`` and ``venv/bin/python3`` are
    one interpreter, while two venvs' pythons (links to one file) are not."""
    norm_a = os.path.normcase(os.path.abspath(a))
    norm_b = os.path.normcase(os.path.abspath(b))
    if norm_a == norm_b:
        return True
    same_folder = os.path.dirname(norm_a) == os.path.dirname(norm_b)
    return same_folder and os.path.realpath(a) == os.path.realpath(b)


def runs_this_interpreter(script: Path | str) -> bool:
    """True when ``script``'s shebang names this interpreter. A Windows ``.exe`` launcher has no
    readable shebang: there, sitting next to this interpreter decides."""
    named = _shebang_interpreter(script)
    if named is None:
        if os.name != "nt":
            return False
        here = os.path.normcase(os.path.dirname(os.path.abspath(sys.executable)))
        return os.path.normcase(os.path.dirname(os.path.abspath(script))) == here
    return same_interpreter(named, sys.executable)


def resolves_here(found: str, own: Path | str | None) -> bool:
    """Whether the ``iterative-planner`` found on PATH is this installation: the same file as ours
    (through links), or a script that runs this interpreter."""
    if runs_this_interpreter(found):
        return True
    if own is not None:
        try:
            if os.path.samefile(found, own):
                return True
        except OSError:
            pass
    return False


def which(name: str, path: str | None = None) -> str | None:
    """``shutil.which`` for an executable name, without importing ``shutil`` on POSIX."""
    if os.name == "nt":
        import shutil

        return shutil.which(name, path=path)
    folders = (os.environ.get("PATH", os.defpath) if path is None else path).split(os.pathsep)
    seen: set[str] = set()
    for folder in folders:
        if folder in seen:
            continue
        seen.add(folder)
        candidate = os.path.join(folder, name)
        if os.access(candidate, os.F_OK | os.X_OK) and not os.path.isdir(candidate):
            return candidate
    return None


def portable_command(path: str | None = None) -> str | None:
    """``iterative-planner`` when that name, looked up on ``path`` (default: ``$PATH``), runs this
    installation; None otherwise. Files meant for other machines (project scope) name only this."""
    found = which(CONSOLE_SCRIPT, path=path)
    if found is None:
        return None
    if runs_this_interpreter(found):  # the common case, without looking for our own script
        return CONSOLE_SCRIPT
    return CONSOLE_SCRIPT if resolves_here(found, own_console_script()) else None


def _isolated_import_works() -> bool:
    """Python 3.10 only: would ``python -I -m skill`` import this package (not from $PYTHONPATH,
    the user site or the current folder)?"""
    import site
    from pathlib import Path

    package_parent = Path(__file__).resolve().parent.parent
    excluded = {os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
    excluded.add(os.path.abspath(os.getcwd()))
    if site.ENABLE_USER_SITE:
        excluded.add(os.path.abspath(site.getusersitepackages()))
    for entry in sys.path:
        if not entry or os.path.abspath(entry) in excluded:
            continue
        try:
            if Path(entry).resolve() == package_parent:
                return True
        except OSError:
            continue
    return False


def interpreter_command(version: tuple[int, int] | None = None) -> str:
    """This interpreter by absolute path with ``-m skill``, never importing a ``skill`` folder of
    the current directory when the platform allows it."""
    exe = quote(os.path.abspath(sys.executable))
    if (version or sys.version_info[:2]) >= (3, 11):
        return f"{exe} -P -m skill"
    if _isolated_import_works():
        return f"{exe} -I -m skill"
    return f"{exe} -m skill"


@lru_cache(maxsize=1)
def agent_command() -> str:
    """The command prefix to tell agents and users (see the module docstring for the rule)."""
    override = os.environ.get(OVERRIDE_ENV, "").strip()
    if override:
        return override
    portable = portable_command()
    if portable is not None:
        return portable
    own = own_console_script()
    if own is not None:
        return quote(str(own))
    return interpreter_command()


class _AgentCommand:
    """Formats as :func:`agent_command`: message templates can name it at import time for free."""

    def __str__(self) -> str:
        return agent_command()

    def __format__(self, spec: str) -> str:
        return format(agent_command(), spec)

    def __repr__(self) -> str:
        return f"AgentCommand({agent_command()!r})"


#: ``f"{AGENT_COMMAND} bootstrap close"`` reads the rule when the message is built.
AGENT_COMMAND = _AgentCommand()
