"""The optional extras, and the one-line error when a command needs one that is missing.

Commands import their optional modules where they use them (``flowlint check`` never
imports a renderer); a ``ModuleNotFoundError`` for one of these modules reaches
``flowlint.cli.main``, which prints ``missing_extra_message`` instead of an internal error.
Whichever renderer the diagrams use, its module is listed here, not named at the import.
"""
from __future__ import annotations

DISTRIBUTION = "telnyx-flowlint"
# Top-level module -> the extra that installs it (pyproject.toml [project.optional-dependencies]).
EXTRA_OF_MODULE = {
    "matplotlib": "diagrams",
    "graphviz": "diagrams",
    "pygraphviz": "diagrams",
    "telnyx": "platform",
}
NEEDS = {"diagrams": "diagrams need", "platform": "the Telnyx API commands need"}


def install_command(extra: str) -> str:
    return f'pip install "{DISTRIBUTION}[{extra}]"'


def missing_extra_message(error: ModuleNotFoundError) -> str | None:
    """``diagrams need the optional 'diagrams' extra: pip install ...``, or None when the
    missing module is not one an extra installs (then it is a real internal error)."""
    extra = EXTRA_OF_MODULE.get((error.name or "").partition(".")[0])
    if extra is None:
        return None
    return (f"{NEEDS[extra]} the optional '{extra}' extra (no module named "
            f"{error.name!r}): {install_command(extra)}")
