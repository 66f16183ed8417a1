"""File names for diagrams: kept here for existing imports; the helpers live in ``flowlint.filenames``."""
from __future__ import annotations

from ..filenames import MAX_STEM, safe_stem, unique_names

__all__ = ["MAX_STEM", "safe_stem", "unique_names"]
