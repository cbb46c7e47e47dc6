"""The results of ``cost``: bytes, and tokens estimated from bytes by one rule."""

from __future__ import annotations

from dataclasses import dataclass

#: The token estimate: this many bytes of English Markdown make about one token.
BYTES_PER_TOKEN = 4
TOKEN_RULE = f"tokens are estimated as bytes / {BYTES_PER_TOKEN}, rounded up"


def estimate_tokens(size: int) -> int:
    """Estimated tokens for ``size`` bytes (:data:`TOKEN_RULE`)."""
    return -(-size // BYTES_PER_TOKEN)


@dataclass(frozen=True)
class Part:
    """One text the agent reads (or a hook prints): what it is and its size in UTF-8 bytes."""

    name: str
    size: int
    note: str = ""

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.size)

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {"name": self.name, "bytes": self.size, "tokens": self.tokens}
        if self.note:
            found["note"] = self.note
        return found


@dataclass(frozen=True)
class Group:
    """Texts read together (always loaded, one state, the whole bundle), each counted once."""

    name: str
    parts: tuple[Part, ...]

    @property
    def size(self) -> int:
        return sum(part.size for part in self.parts)

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.size)

    def kind_size(self, prefix: str) -> int:
        """Bytes of the parts whose name starts with ``prefix`` (e.g. ``"agents/"``)."""
        return sum(part.size for part in self.parts if part.name.startswith(prefix))

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "bytes": self.size,
            "tokens": self.tokens,
            "parts": [part.as_dict() for part in self.parts],
        }


@dataclass(frozen=True)
class Subject:
    """The plan the per-state and per-hook figures were measured on."""

    kind: str  # "active" (the project's active plan) | "sample" (made in a temporary folder)
    plan_id: str
    state: str
    description: str

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "plan": self.plan_id, "state": self.state, "description": self.description}


@dataclass(frozen=True)
class CostReport:
    command: str
    measured_on: Subject
    always_loaded: Group
    per_state: tuple[Group, ...]
    per_hook: tuple[Part, ...]
    bundle: Group

    def state(self, name: str) -> Group:
        for group in self.per_state:
            if group.name == name:
                return group
        raise KeyError(name)

    def as_dict(self) -> dict[str, object]:
        return {
            "token_rule": TOKEN_RULE,
            "bytes_per_token": BYTES_PER_TOKEN,
            "command": self.command,
            "measured_on": self.measured_on.as_dict(),
            "always_loaded": self.always_loaded.as_dict(),
            "per_state": {group.name: group.as_dict() for group in self.per_state},
            "per_hook": {part.name: part.as_dict() for part in self.per_hook},
            "bundle": self.bundle.as_dict(),
        }
