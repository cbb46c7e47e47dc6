"""Release packages for people who install by hand.

* ``iterative-planner-<version>.zip``: one top folder ``iterative-planner/`` holding the skill folder
  exactly as ``install --harness claude --command iterative-planner`` writes it (SKILL.md, agents,
  modules rendered for the console script ``iterative-planner`` on PATH; references as is).
  ``unzip … -d ~/.claude/skills/`` gives ``~/.claude/skills/iterative-planner/SKILL.md``.
  Entries are sorted and time-stamped 1980-01-01, so the same bundle gives the same zip.
* ``iterative-planner-combined.md``: SKILL.md with the references and the state modules inlined
  after it, each under an explicit anchor, and every link to an inlined file rewritten to that
  anchor, for harnesses that take a single instructions file.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from skill.command import CONSOLE_SCRIPT
from skill.harness.source import SKILL_NAME, Bundle

PACKAGE_COMMAND = CONSOLE_SCRIPT  # the zip is unpacked by hand: the name on PATH
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def zip_name(version: str) -> str:
    return f"{SKILL_NAME}-{version}.zip"


COMBINED_NAME = f"{SKILL_NAME}-combined.md"


def build_zip(bundle: Bundle, command: str = PACKAGE_COMMAND) -> bytes:
    tree = bundle.skill_tree(command)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel in sorted(tree):
            info = zipfile.ZipInfo(f"{SKILL_NAME}/{rel}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, tree[rel])
    return buffer.getvalue()


# -- the combined single file ----------------------------------------------------------------------

_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
_CODE_PATH = re.compile(r"`((?:\.\./|\./)?(?:references|modules)/[A-Za-z0-9_./-]+\.md)`")
_BARE_CODE_PATH = re.compile(r"(?<!\[)" + _CODE_PATH.pattern + r"(?!\]\()")
_FENCE = re.compile(r"^(\s*)(```|~~~)")


def anchor_for(rel: str) -> str:
    stem = rel[:-3] if rel.endswith(".md") else rel
    return "ip-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _strip_frontmatter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :].lstrip("\n")
    return text


def _resolve(link: str, current: str, inlined: set[str]) -> str | None:
    """The anchor a link from file ``current`` should point to, or None to leave it alone."""
    if "://" in link or link.startswith(("#", "mailto:")):
        return None
    path, _, fragment = link.partition("#")
    if not path.endswith(".md"):
        return None
    here = posixpath.dirname(current)
    candidates = [posixpath.normpath(posixpath.join(here, path)), posixpath.normpath(path)]
    target = next((c for c in candidates if c in inlined), None)
    if target is None:
        return None
    return "#" + (fragment if fragment else anchor_for(target))


def rewrite_links(text: str, current: str, inlined: set[str]) -> str:
    out_lines = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out_lines.append(line)
            continue
        if in_fence:
            out_lines.append(line)
            continue

        def link_sub(match: re.Match[str]) -> str:
            anchor = _resolve(match.group(2), current, inlined)
            return match.group(0) if anchor is None else f"{match.group(1)}{anchor}{match.group(3)}"

        def code_sub(match: re.Match[str]) -> str:
            anchor = _resolve(match.group(1), current, inlined)
            return match.group(0) if anchor is None else f"[`{match.group(1)}`]({anchor})"

        line = _LINK.sub(link_sub, line)
        # a backticked path that is not already a link text
        line = _BARE_CODE_PATH.sub(code_sub, line)
        out_lines.append(line)
    return "\n".join(out_lines)


def build_combined(bundle: Bundle, command: str = PACKAGE_COMMAND) -> str:
    from skill import PROTOCOL_VERSION, __version__

    files = bundle.files()
    references = [f for f in files if f.kind == "reference" and f.rel.endswith(".md")]
    modules = [f for f in files if f.kind == "module"]
    inlined = {f.rel for f in references} | {f.rel for f in modules}
    skill_text = bundle.render(files[0], command).decode("utf-8").rstrip("\n")
    parts = [rewrite_links(skill_text, "SKILL.md", inlined)]
    parts.append(
        "\n\n---\n\n"
        f"> Single-file edition of iterative-planner {__version__} (protocol {PROTOCOL_VERSION}): "
        "the references and the per-state modules are inlined below, and links to them point at "
        "their sections here. The sub-agent definitions are not included, so the skill runs in "
        f"its single-thread mode. Its commands need the `{command}` command on PATH "
        "(`pipx install iterative-planner`)."
    )
    if references:
        parts.append("\n\n---\n\n# Bundled References")
        for item in references:
            body = _strip_frontmatter(bundle.render(item, command).decode("utf-8")).rstrip("\n")
            parts.append(
                f'\n\n---\n\n<a id="{anchor_for(item.rel)}"></a>\n\n'
                f"## Reference: `{item.rel}`\n\n{rewrite_links(body, item.rel, inlined)}"
            )
    if modules:
        parts.append("\n\n---\n\n# Bundled State Modules")
        for item in modules:
            body = _strip_frontmatter(bundle.render(item, command).decode("utf-8")).rstrip("\n")
            parts.append(
                f'\n\n---\n\n<a id="{anchor_for(item.rel)}"></a>\n\n'
                f"## State Module: `{item.rel}`\n\n{rewrite_links(body, item.rel, inlined)}"
            )
    return "".join(parts) + "\n"


def write_packages(out_dir: Path, bundle: Bundle, dry_run: bool = False) -> dict[str, object]:
    from skill import __version__
    from skill.plans.store import atomic_write_bytes, atomic_write_text

    zip_bytes = build_zip(bundle)
    combined = build_combined(bundle)
    zip_path = out_dir / zip_name(__version__)
    combined_path = out_dir / COMBINED_NAME
    if not dry_run:
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(zip_path, zip_bytes)
        atomic_write_text(combined_path, combined)
    return {
        "version": __version__,
        "zip": str(zip_path),
        "zip_entries": len(zipfile.ZipFile(io.BytesIO(zip_bytes)).namelist()),
        "combined": str(combined_path),
        "combined_lines": combined.count("\n"),
        "command": PACKAGE_COMMAND,
        "dry_run": dry_run,
    }
