"""File names made from ids (assistant ids for diagrams and pulled flows): safe on every file system."""
from __future__ import annotations

import hashlib
import re

MAX_STEM = 80
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def safe_stem(name: str | None, fallback: str = "flow") -> str:
    """Keep ``[A-Za-z0-9._-]``; anything changed or cut gets a short hash of the original,
    so two ids that clean up alike still get different names."""
    original = name if name else fallback
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", original).strip("._") or fallback
    if stem.split(".")[0].lower() in _RESERVED:
        stem = f"_{stem}"
    if stem != original or len(stem) > MAX_STEM:
        digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        stem = f"{stem[:MAX_STEM - 9]}-{digest}"
    return stem


def unique_names(stems: list[str], extension: str) -> list[str]:
    """``stem.ext`` for each stem, numbered when two would clash (case-insensitively)."""
    used: set[str] = set()
    names = []
    for stem in stems:
        candidate, number = f"{stem}.{extension}", 1
        while candidate.lower() in used:
            number += 1
            candidate = f"{stem}-{number}.{extension}"
        used.add(candidate.lower())
        names.append(candidate)
    return names
