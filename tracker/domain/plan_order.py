"""Put a plan's actions in its one order: theme, objective, natural ref, position, then id."""

import re
from typing import Protocol

PlanOrderKey = tuple[int, int, bool, tuple[str | int, ...], int, int]


class PlacedInPlan(Protocol):
    """Say where an action sits in its plan."""

    @property
    def theme_number(self) -> int: ...

    @property
    def objective_position(self) -> int: ...

    @property
    def position(self) -> int: ...

    @property
    def ref(self) -> str | None: ...

    @property
    def action_id(self) -> int: ...


def natural_ref_key(ref: str) -> tuple[str | int, ...]:
    """Return a key that sorts refs by their numbers as numbers: "1.9", "1.10", "2", "2a", "3"."""
    # Splitting on a captured group alternates text and digits, so parts at the same index are
    # always of the same type.
    return tuple(
        int(part) if index % 2 else part.casefold()
        for index, part in enumerate(re.split(r"(\d+)", ref.strip()))
    )


def plan_order_key(
    *, theme_number: int, objective_position: int, position: int, ref: str | None, action_id: int
) -> PlanOrderKey:
    """Return the key that puts an action in plan order; actions without a ref follow the rest."""
    written = (ref or "").strip()
    return (
        theme_number,
        objective_position,
        not written,
        natural_ref_key(written),
        position,
        action_id,
    )


def plan_order(action: PlacedInPlan) -> PlanOrderKey:
    """Return the key that puts an action in plan order."""
    return plan_order_key(
        theme_number=action.theme_number,
        objective_position=action.objective_position,
        position=action.position,
        ref=action.ref,
        action_id=action.action_id,
    )


def ref_sort_key(ref: str | None) -> str | None:
    """Return text that sorts in SQL, byte by byte, as natural_ref_key sorts; None for no ref."""
    written = (ref or "").strip()
    if not written:
        return None
    encoded = bytearray()
    for index, part in enumerate(natural_ref_key(written)):
        if index % 2:
            # A number's length comes first, so 9 sorts before 10 and 10 before 100.
            digits = str(part).encode()
            encoded += bytes([len(digits)]) + digits
        else:
            # A zero byte ends each text part, so "1" sorts before "1.1" as the tuples do; the
            # text's bytes move up one (UTF-8 never uses 0xff) so none of them is a zero.
            encoded += bytes(byte + 1 for byte in str(part).encode()) + b"\x00"
    # Hex keeps to characters every database and collation orders the same way.
    return encoded.hex()
