"""A flow whose every string is hostile, for the report formats (HTML, Markdown)."""
from __future__ import annotations

import json

from test_diagrams_safety import HOSTILE as DIAGRAM_HOSTILE, hostile_import

# What a page or a summary must show as text, never act on.
PAGE_HOSTILE = [
    "</svg><script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "{{ constructor.constructor('alert(3)')() }}",
    "\u202eevil\u202c RTL override",
    "nul\x00byte",
    "| pipe | `tick` ``two`` <b>x</b>\nnew line @someone [link](http://example.com)",
    "<!-- comment --> ]]> <![CDATA[ x ]]>",
    "javascript:alert(4)",
]
HOSTILE = DIAGRAM_HOSTILE + PAGE_HOSTILE


def hostile_flows() -> str:
    """An import response: the diagram-safety assistant, plus one built from PAGE_HOSTILE
    (every string a node id, name, edge id, condition and the assistant's id and name)."""
    document = hostile_import()
    nodes = [{"type": "prompt", "id": text, "name": text, "instructions": text} for text in PAGE_HOSTILE]
    edges = [{"id": f"edge {text}", "start_node_id": PAGE_HOSTILE[i],
              "condition": {"type": "llm", "prompt": text},
              "target": {"type": "node", "node_id": PAGE_HOSTILE[i + 1]}}
             for i, text in enumerate(PAGE_HOSTILE[:-1])]
    edges.append({"id": PAGE_HOSTILE[1], "start_node_id": PAGE_HOSTILE[0], "condition": {"type": "default"},
                  "target": {"type": "assistant", "assistant_id": PAGE_HOSTILE[0]}})
    nodes.append({"type": "prompt", "id": "orphan" + PAGE_HOSTILE[0], "name": PAGE_HOSTILE[1],
                  "instructions": "x"})
    document["data"].append({"id": PAGE_HOSTILE[0], "name": PAGE_HOSTILE[1],
                             "created_at": "2026-01-01T00:00:00Z", "model": "m", "instructions": "i",
                             "conversation_flow": {"start_node_id": PAGE_HOSTILE[0],
                                                   "nodes": nodes, "edges": edges}})
    return json.dumps(document)
