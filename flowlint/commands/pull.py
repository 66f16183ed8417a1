"""``flowlint pull``: every assistant of the account (one file each) and every tool, into a folder.

All of it is fetched first (every page), then written at once, so a failure on any request
changes no file. Lint the result with ``flowlint check DIR --tools DIR/_tools.json``.
"""
from __future__ import annotations

import argparse
import os

from .api import account, add_api_options
from .common import EXIT_OK, UsageError, say

NAME = "pull"
HELP = "download every assistant (one file each) and every tool of the account into a folder"
DEFAULT_FOLDER = "flows"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="DIR", default=DEFAULT_FOLDER,
                        help=f"the folder to keep the account's flows in (default: {DEFAULT_FOLDER})")
    add_api_options(parser)


def run(args: argparse.Namespace) -> int:
    from ..platform_folder import TOOLS_FILE, PullError, write_pull

    folder = args.output
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"--output {folder}: exists and is not a folder")
    with account(args, NAME) as platform:
        assistants = platform.list_assistants()
        tools = platform.list_tools()
    try:
        result = write_pull(folder, assistants, tools)
    except PullError as exc:
        raise UsageError(str(exc)) from None
    for name, assistant_id in result.removed:
        say(f'removed {os.path.join(folder, name)}: assistant "{assistant_id}" is no longer in the account')
    counts = ", ".join(f"{len(files)} {what}" for what, files in (
        ("new", result.new), ("changed", result.changed), ("unchanged", result.unchanged),
        ("removed", result.removed)) if files)
    count = len(assistants["data"])
    say(f"pulled {count} assistant{'s' * (count != 1)} and {len(tools['data'])} tools into "
        f"{folder} (files: {counts}); lint them: flowlint check {folder} --tools {os.path.join(folder, TOOLS_FILE)}")
    return EXIT_OK
