"""Choice lists in pure Python, so the domain tables (package matrix, catalogue of
handelingen) import no Django.

A :class:`Keuzelijst` behaves like Django's ``TextChoices`` where this project uses it:
members are ``str`` (so they compare equal to the stored value), have a ``.label``, and the
class offers ``choices``, ``values``, ``labels`` and ``names`` for model and form fields.
Migrations store plain values (``choices=X.choices``), never a reference to the class.
"""

from __future__ import annotations

import enum
from typing import Any


class _KeuzelijstType(enum.EnumType):
    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(lid.value, lid.label) for lid in cls]

    @property
    def values(cls) -> list[str]:
        return [lid.value for lid in cls]

    @property
    def labels(cls) -> list[str]:
        return [lid.label for lid in cls]

    @property
    def names(cls) -> list[str]:
        return [lid.name for lid in cls]


class Keuzelijst(enum.StrEnum, metaclass=_KeuzelijstType):
    """Members are written as ``NAAM = "waarde", "Label"``."""

    label: str
    # Django templates call callables; an enum class must stay a class there.
    do_not_call_in_templates = enum.nonmember(True)

    def __new__(cls, waarde: str, label: str | None = None) -> Any:
        lid = str.__new__(cls, waarde)
        lid._value_ = waarde
        lid.label = label if label is not None else waarde
        return lid

    def __str__(self) -> str:
        return self.value
