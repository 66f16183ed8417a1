"""Test plans: paths from a flow's start node that together take every transition.

``plan.py`` is the algorithm (and states what it guarantees), ``steps.py`` says what each
step of a path means, ``result.py`` holds the plan objects and the JSON contract,
``render.py`` writes text and Markdown, ``draw.py`` draws one path on its flow and
``notebook.py`` shows a plan in Jupyter. ``flowlint.paths(...)`` is the entry point.
"""
from __future__ import annotations

from .plan import ENDINGS, FlowPlan, Walk, plan_flow, walk_to
from .result import AssistantPlan, Plan, PlanError, PlannedPath, plan_of, plan_workspace

__all__ = ["ENDINGS", "FlowPlan", "Walk", "plan_flow", "walk_to", "AssistantPlan", "Plan",
           "PlanError", "PlannedPath", "plan_of", "plan_workspace"]
