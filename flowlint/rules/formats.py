"""Which rules run on flows read from a provider's format (Retell, ElevenLabs, Vapi).

A provider's flow is mapped into flowlint's flow model (``flowlint.providers``), so the rules
about the shape of the graph run on it unchanged and keep their codes. Rules about
Telnyx-only semantics do not: a Retell node has no ``instructions_mode`` (FL601), no
``default`` condition (FL404-FL406), no ``transition__`` tool name (FL205), no shared tool
ids (FL602, FL603, FL409, FL410), no Telnyx expression AST (FL407, FL408) and no Telnyx tools
(FL504, FL606, FL701, FL702); reporting them there would only be noise. Provider rules
(FL9xx) name their one format themselves (``rule(..., provider=...)``).

Run-wide rules (FL206, FL503) and the input rules (FL0xx) see every document whatever its
format. A rule not listed here runs on Telnyx flows only, so a new rule is never applied to
a format it was not written for.
"""
from __future__ import annotations

TELNYX, RETELL, ELEVENLABS, VAPI = "telnyx", "retell", "elevenlabs", "vapi"
PROVIDERS = (RETELL, ELEVENLABS, VAPI)
ALL_FORMATS = frozenset({TELNYX, *PROVIDERS})
TELNYX_ONLY = frozenset({TELNYX})
_WITH_HANDOFFS = frozenset({TELNYX, RETELL, ELEVENLABS})  # Vapi workflows hand off to nobody

SHARED: dict[str, frozenset[str]] = {
    "FL101": ALL_FORMATS - {VAPI},    # a Vapi start is "isStart": FL921 says none or several
    "FL102": ALL_FORMATS,
    "FL103": ALL_FORMATS,
    "FL201": ALL_FORMATS,
    "FL202": ALL_FORMATS,
    "FL203": ALL_FORMATS,
    "FL204": ALL_FORMATS,             # also an edge with no destination at all
    "FL301": ALL_FORMATS,             # global nodes count as reachable
    "FL302": ALL_FORMATS,
    "FL303": ALL_FORMATS,
    "FL304": ALL_FORMATS - {RETELL},  # Retell rejects self-loops: FL904, an error
    "FL401": ALL_FORMATS,
    "FL402": ALL_FORMATS,
    "FL501": _WITH_HANDOFFS,          # Retell agent_swap, ElevenLabs standalone_agent
    "FL502": _WITH_HANDOFFS,
}


def formats_of(code: str) -> frozenset[str]:
    """The formats a non-provider rule runs on."""
    return SHARED.get(code, TELNYX_ONLY)
