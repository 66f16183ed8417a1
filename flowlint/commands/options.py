"""Options shared by several commands that are not check options (``add_check_options``)."""
from __future__ import annotations

import argparse

from ..providers import AUTO, CHOICES

# Not "provider": ``flowlint import`` reuses the check options and has its own --provider
# (the platform to import from), so the format to read files as lives under its own name.
PROVIDER_DEST = "read_as"


def add_provider_option(parser: argparse.ArgumentParser) -> None:
    """``--provider``: read every input as this format instead of recognising it."""
    parser.add_argument("--provider", dest=PROVIDER_DEST, choices=CHOICES, default=AUTO,
                        help="read inputs as this format: telnyx, or a provider's own export "
                             "(retell, elevenlabs, vapi); default auto: recognised per file")


def provider_of(args: argparse.Namespace) -> str:
    return getattr(args, PROVIDER_DEST, AUTO)
