"""What a user writes instead of flowlint: pydantic models plus networkx reachability.

    python benchmarks/user_script.py FILE

The yardstick line of ``benchmarks/run.py``: the plain script a team would write to gate an
import response without flowlint. It reads the file with ``json.load``, validates every
assistant's flow with a few pydantic models, builds one ``networkx.DiGraph`` per flow and
prints the nodes the start node cannot reach and the edges to missing nodes. That is one
check of flowlint's dozens (FL301 and FL204), without positions, ids or a report format.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Literal, Optional

import networkx
from pydantic import BaseModel


class Target(BaseModel):
    type: Literal["node", "assistant"]
    node_id: Optional[str] = None
    assistant_id: Optional[str] = None


class Edge(BaseModel):
    id: str
    start_node_id: str
    condition: dict[str, Any]
    target: Target


class Node(BaseModel):
    id: str
    type: str
    name: Optional[str] = None


class Flow(BaseModel):
    start_node_id: str
    nodes: list[Node]
    edges: list[Edge]


class Assistant(BaseModel):
    id: str
    name: Optional[str] = None
    conversation_flow: Optional[Flow] = None


def problems(assistant: Assistant) -> list[str]:
    flow = assistant.conversation_flow
    if flow is None:
        return []
    graph = networkx.DiGraph()
    graph.add_nodes_from(node.id for node in flow.nodes)
    found = []
    for edge in flow.edges:
        if edge.target.type != "node":
            continue
        if edge.target.node_id not in graph:
            found.append(f"{assistant.id}: edge {edge.id} goes to missing node {edge.target.node_id}")
        else:
            graph.add_edge(edge.start_node_id, edge.target.node_id)
    reachable = networkx.descendants(graph, flow.start_node_id) | {flow.start_node_id}
    found += [f"{assistant.id}: node {node} is unreachable" for node in graph if node not in reachable]
    return found


def main(path: str) -> int:
    with open(path, "rb") as handle:
        document = json.load(handle)
    found = [line for raw in document["data"] for line in problems(Assistant.model_validate(raw))]
    print("\n".join(found))
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
