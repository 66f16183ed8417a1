"""FL006-FL007: the gate's own bookkeeping: suppressions and baseline entries gone stale.

These are FILTER-scope rules: flowlint.filters runs them after suppressions and the
baseline are applied. Their examples are a config file (FL006) and a baseline file
(FL007), each checked against ``DEMO_FLOW`` (saved as ``flow.json``) by
tests/test_rule_examples.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..diagnostics import Finding
from .base import FILTER, rule

if TYPE_CHECKING:
    from ..filters import FilterContext

# The flow the config and baseline examples refer to: node "old" is unreachable (FL301).
DEMO_FLOW = (
    '{"start_node_id": "greet", "nodes": ['
    '{"id": "greet", "instructions": "Greet the caller."}, '
    '{"id": "help", "instructions": "Help the caller."}, '
    '{"id": "old", "instructions": "Offer the spring discount."}], "edges": ['
    '{"id": "to_help", "start_node_id": "greet", "condition": {"type": "llm", '
    '"prompt": "The caller asked for help."}, "target": {"type": "node", "node_id": "help"}}]}')


@rule("FL006", "unused-suppression", "info", FILTER, example_kind="config",
      example='''
          # flowlint.toml beside flow.json, whose unreachable node is "old", not "n_spring"
          [[suppress]]
          rule = "FL301"
          node = "n_spring"
          reason = "kept for the spring campaign"
          ''',
      fixed='''
          # flowlint.toml: the entry names the node that is really unreachable
          [[suppress]]
          rule = "FL301"
          node = "old"
          reason = "kept for the spring campaign"
          ''')
def unused_suppression(ctx: "FilterContext") -> Iterator[Finding]:
    """A per-file ignore or a suppress entry in the config that hid no finding.

    What it does: after suppressions are applied, reports each `[[suppress]]` entry and each
    `per-file-ignores` rule selector that hid nothing, located in the config file. Only what
    this run could have matched counts: an entry for a rule that was not selected, for an
    assistant that was not linted, or a glob that matched none of the linted files is not
    reported (pre-commit lints only the changed files).

    Why it matters: the problem was fixed or the subject renamed; a stale entry would
    silently hide the next, real problem with that id.
    """
    for unused in ctx.unused_suppressions:
        yield Finding(f"{unused.description} matches no finding; remove it", unused.pointer,
                      unused.assistant_id, unused.node_id, unused.edge_id, key=unused.description,
                      document=ctx.config_source)


@rule("FL007", "stale-baseline-entry", "info", FILTER, example_kind="baseline",
      example='''
          {"version": 1, "entries": [{"fingerprint": "0123456789abcdef0123", "code": "FL301",
           "file": "flow.json", "assistant_id": null, "node_id": "n_spring", "edge_id": null,
           "message": "node \\"n_spring\\" is not reachable from start node \\"greet\\""}]}
          ''',
      fixed='''
          {"version": 1, "entries": []}
          ''')
def stale_baseline_entry(ctx: "FilterContext") -> Iterator[Finding]:
    """A baseline entry that no current finding matches.

    What it does: with `--baseline`, reports each entry whose fingerprint no finding of
    this run has, located in the baseline file. Only entries about a linted file or
    assistant, and for a rule that ran, are reported.

    Why it matters: the finding was fixed; rewrite the baseline (`--write-baseline`) so
    that it shrinks and a reintroduced problem is not hidden again.
    """
    for index, entry in ctx.stale_baseline_entries:
        subject = (f'edge "{entry.edge_id}"' if entry.edge_id is not None
                   else f'node "{entry.node_id}"' if entry.node_id is not None
                   else "the assistant" if entry.assistant_id is not None else f'"{entry.file}"')
        yield Finding(f"baseline entry for {entry.code} on {subject} matches no finding any more; "
                      "rewrite the baseline with --write-baseline", f"/entries/{index}",
                      entry.assistant_id, entry.node_id, entry.edge_id, key=entry.fingerprint,
                      document=ctx.baseline_source)
