"""A base for the small result types of the fast paths, which cannot afford ``dataclasses``.

``bootstrap status``, the pre-step gate, the hooks and ``emit-state`` run on every agent step; the
``dataclasses`` module alone would cost them more than the rest of their work (it imports
``inspect``, ``ast`` and ``dis``). Their result types are plain classes with ``__slots__``, an
explicit ``__init__`` and ``as_dict()``, and inherit equality, hashing and ``repr`` from here. Treat
them as read-only values. Everything else in the package uses frozen dataclasses.
"""

from __future__ import annotations


class Slotted:
    """Equality, hash and repr from the fields named in ``__slots__`` (subclasses set it)."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def _fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Slotted)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({inner})"
