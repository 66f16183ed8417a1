"""``flowlint import``: run ``POST /ai/assistants/import``, save the response, lint it.

The response is saved byte for byte (atomically) before anything else can go wrong, then
linted exactly as ``flowlint check SAVED`` would, with the account's assistants and tools
as the inventories unless ``--no-inventory``.
"""
from __future__ import annotations

import argparse
import os
import time
from typing import TYPE_CHECKING, Any

from .api import account, add_api_options
from .check import add_check_options, check_paths, load_settings
from .common import UsageError, say

if TYPE_CHECKING:
    from ..platform import Account

NAME = "import"
HELP = "import assistants from ElevenLabs, Vapi or Retell into Telnyx, save the response, lint it"
PROVIDERS = ("elevenlabs", "vapi", "retell")  # what POST /ai/assistants/import accepts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--provider", required=True, choices=PROVIDERS,
                        help="the platform the assistants come from")
    parser.add_argument("--api-key-ref", required=True, metavar="REF",
                        help="the integration secret that holds the provider's API key "
                             "(its identifier in Telnyx, not the key)")
    parser.add_argument("--import-id", action="append", dest="import_ids", metavar="ID",
                        help="import only this assistant of the provider (repeatable; default: all)")
    parser.add_argument("--save", metavar="FILE",
                        help="where to save the response (default: import-<UTC time>.json here)")
    parser.add_argument("--no-inventory", action="store_true",
                        help="do not fetch the account's assistants and tools as inventories")
    add_api_options(parser)
    add_check_options(parser)


def run(args: argparse.Namespace) -> int:
    if not args.no_inventory and (args.assistants or args.tools):
        raise UsageError("flowlint import fetches the account's inventories: drop "
                         "--assistants/--tools, or add --no-inventory to use files")
    if not args.api_key_ref.strip():
        raise UsageError("--api-key-ref is empty: name the integration secret that holds the provider's key")
    load_settings(args)  # a bad config or selector fails before the import runs
    save = args.save or default_save_name()
    _check_writable(save)
    with account(args, NAME) as platform:
        body = platform.import_assistants(args.provider, args.api_key_ref, args.import_ids or ())
        _save(save, body)
        inventories = None
        if not args.no_inventory:
            inventories = _inventories_after_import(platform, save)
    return check_paths(args, [save], inventories)


def default_save_name(now: float | None = None) -> str:
    """``import-20250101T120000Z.json`` in the working folder, numbered if it exists."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    name, number = f"import-{stamp}.json", 1
    while os.path.lexists(name):
        number += 1
        name = f"import-{stamp}-{number}.json"
    return name


def _check_writable(path: str) -> None:
    """Fail before the import runs rather than lose its response afterwards."""
    if path == "-":
        raise UsageError("--save needs a file name (the report goes to stdout)")
    folder = os.path.dirname(os.path.realpath(path))  # a symlink's target is what gets written
    if os.path.isdir(path):
        raise UsageError(f"--save {path}: is a folder; name a file")
    if not os.path.isdir(folder):
        raise UsageError(f"--save {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise UsageError(f"--save {path}: not writable")


def _save(path: str, body: bytes) -> None:
    from ..atomic import write_file

    try:
        write_file(path, body, make_parents=False)
    except OSError as exc:
        raise UsageError(f"the import ran but its response could not be saved to {path}: "
                         f"{exc.strerror or exc}") from None
    say(f"saved the import response ({len(body)} bytes) to {path}")


def _inventories_after_import(platform: "Account", save: str) -> dict[str, Any]:
    """Fetched after the import, so the assistants it just created count as known."""
    from ..platform import fetch_inventories
    from ..platform_errors import PlatformError

    try:
        return fetch_inventories(platform)
    except PlatformError as exc:
        raise UsageError(f"{exc} (the import response is saved in {save}: lint it with "
                         f"flowlint check {save}, or import with --no-inventory)") from None
