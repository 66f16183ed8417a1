"""Configuration: ``[tool.flowlint]`` in pyproject.toml, or flowlint.toml / .flowlint.toml.

Found by walking up from the working folder (the first folder holding one wins; within a
folder flowlint.toml, then .flowlint.toml, then a pyproject.toml that has a
``[tool.flowlint]`` table), or named with ``--config``. Validated by a pydantic model:
an unknown key, rule or severity is a ``ConfigError`` (exit 2) that names it. Paths in
the file are relative to the file's folder. Command-line options override the file.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .diagnostics import Severity
from .positions import split_pointer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_NAMES = ("flowlint.toml", ".flowlint.toml", "pyproject.toml")
Level = Literal["error", "warning", "info", "off"]


class ConfigError(Exception):
    """A config file that cannot be used: one line on stderr, exit 2."""


def _known_rule(value: str) -> str:
    from .rules import ALL_RULES, find_rule
    from .selection import closest_rule

    found = find_rule(value)
    if found is None:
        match = closest_rule(value, ALL_RULES)
        raise ValueError(f"unknown rule {value!r}" + (f'; did you mean "{match}"?' if match else ""))
    return found.code


def _known_selectors(values: list[str]) -> list[str]:
    from .rules import ALL_RULES
    from .selection import SelectorError, check_selectors

    try:
        check_selectors(values, ALL_RULES)
    except SelectorError as exc:
        raise ValueError(str(exc)) from None
    return values


class SuppressEntry(BaseModel):
    """Silence one rule for one subject: an assistant, a node or an edge (ids), with a reason."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    rule: str
    assistant: str | None = None
    node: str | None = None
    edge: str | None = None
    reason: str

    @field_validator("rule")
    @classmethod
    def _rule_known(cls, value: str) -> str:
        return _known_rule(value)

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a suppression needs a non-empty reason")
        return value

    @model_validator(mode="after")
    def _has_subject(self) -> "SuppressEntry":
        if self.assistant is None and self.node is None and self.edge is None:
            raise ValueError("a suppression names its subject: assistant, node or edge")
        return self

    def describe(self) -> str:
        """How messages name the entry (never the assistant: the formatter appends it)."""
        subject = (f'edge "{self.edge}"' if self.edge is not None
                   else f'node "{self.node}"' if self.node is not None else "the assistant")
        return f"suppression of {self.rule} for {subject}"


class ConfigModel(BaseModel):
    """The keys of ``[tool.flowlint]`` (or the top level of flowlint.toml), as in interface.md."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when a config is read

    select: list[str] | None = None
    ignore: list[str] = []
    severity: dict[str, Level] = {}
    fail_on: Literal["error", "warning", "info"] | None = Field(None, alias="fail-on")
    assistants: str | None = None
    tools: str | None = None
    baseline: str | None = None
    per_file_ignores: dict[str, list[str]] = Field({}, alias="per-file-ignores")
    suppress: list[SuppressEntry] = []

    @field_validator("select", "ignore")
    @classmethod
    def _selectors_known(cls, value: list[str] | None) -> list[str] | None:
        return value if value is None else _known_selectors(value)

    @field_validator("severity")
    @classmethod
    def _severity_codes(cls, value: dict[str, str]) -> dict[str, str]:
        return {_known_rule(code): level for code, level in value.items()}

    @field_validator("per_file_ignores")
    @classmethod
    def _ignore_selectors(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for selectors in value.values():
            _known_selectors(selectors)
        return value


@dataclass
class Config:
    """A validated config file with its paths resolved against the file's folder."""

    path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity | None] = field(default_factory=dict)
    fail_on: Severity | None = None
    assistants: Path | None = None
    tools: Path | None = None
    baseline: Path | None = None
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    suppress: list[SuppressEntry] = field(default_factory=list)
    text: str = ""

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def table(self) -> str:
        """Where the keys live: ``tool.flowlint`` in pyproject.toml, the top level elsewhere."""
        return "tool.flowlint" if self.path and self.path.name == "pyproject.toml" else ""


def _has_table(path: Path) -> bool:
    try:
        return "flowlint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # let load_config report what is wrong with it


def find_config(start: Path | None = None) -> Path | None:
    """The config file that applies to ``start`` (default: the working folder), if any."""
    folder = (start or Path.cwd()).resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _describe(error: dict[str, Any], table: str) -> str:
    where = ".".join(str(part) for part in (*(table.split(".") if table else ()), *error["loc"]))
    if error["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    if error["type"] == "literal_error":
        return f"{where}: unknown value {error['input']!r} ({error['msg'].lower()})"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def parse_config(data: Mapping[str, Any], path: Path | None = None, text: str = "") -> Config:
    """Validate the keys of a config table and resolve its paths."""
    table = "tool.flowlint" if path and path.name == "pyproject.toml" else ""
    try:
        model = ConfigModel.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(_describe(e, table) for e in exc.errors())
        raise ConfigError(f"{path or 'config'}: {problems}") from None
    folder = path.parent if path else Path.cwd()

    def resolve(value: str | None) -> Path | None:
        return None if value is None else folder / value

    return Config(
        path=path, select=model.select, ignore=model.ignore,
        severity={code: None if level == "off" else Severity.parse(level)
                  for code, level in model.severity.items()},
        fail_on=Severity.parse(model.fail_on) if model.fail_on else None,
        assistants=resolve(model.assistants), tools=resolve(model.tools),
        baseline=resolve(model.baseline), per_file_ignores=model.per_file_ignores,
        suppress=model.suppress, text=text)


def load_config(path: Path) -> Config:
    """Read one config file; ``[tool.flowlint]`` for a pyproject.toml, the top level otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if "flowlint" not in tool:
            raise ConfigError(f"{path}: has no [tool.flowlint] table")
        data = tool["flowlint"]
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: tool.flowlint must be a table")
    return parse_config(data, path, text)


def discover(explicit: str | None) -> Config:
    """The config named with --config, else the one found from the working folder, else none."""
    if explicit is not None:
        return load_config(Path(explicit))
    found = find_config()
    return load_config(found) if found else Config()


@dataclass
class Settings:
    """What one check run uses: the config file with the command line laid over it."""

    select: list[str] | None
    ignore: list[str]
    severity: dict[str, Severity | None]
    fail_on: Severity
    assistants: Path | None
    tools: Path | None
    baseline: Path | None
    config: Config


def merge(config: Config, *, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
          severity: Mapping[str, Severity | None] | None = None, fail_on: Severity | None = None,
          assistants: str | None = None, tools: str | None = None,
          baseline: str | None = None) -> Settings:
    """Each option given on the command line replaces the file's; severity tables merge
    (the command line wins per rule). ``None`` means "not given"."""
    return Settings(
        select=list(select) if select else config.select,
        ignore=list(ignore) if ignore else list(config.ignore),
        severity={**config.severity, **(severity or {})},
        fail_on=fail_on or config.fail_on or Severity.ERROR,
        assistants=Path(assistants) if assistants else config.assistants,
        tools=Path(tools) if tools else config.tools,
        baseline=Path(baseline) if baseline else config.baseline,
        config=config)


def inventories(settings: Settings) -> dict[str, Any]:
    """The ``assistants``/``tools`` keyword arguments of ``load_workspace``, read from the
    inventory files named on the command line or in the config (``GET /ai/...`` shapes)."""
    from .inventory import assistant_inventory, tool_inventory

    return {"assistants": assistant_inventory(str(settings.assistants) if settings.assistants else None),
            "tools": tool_inventory(str(settings.tools) if settings.tools else None)}


class TomlPositions:
    """Best-effort lines of config entries (TOML parsers keep no positions): the n-th
    ``[[suppress]]`` header, or the line of a per-file-ignores glob; (0, 0) otherwise."""

    def __init__(self, config: Config) -> None:
        self._lines = config.text.splitlines()
        prefix = re.escape(config.table + ".") if config.table else ""
        self._suppress = re.compile(r"^\s*\[\[\s*" + prefix + r"suppress\s*\]\]")

    def resolve(self, pointers: Sequence[str]) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        headers = [n for n, line in enumerate(self._lines, 1) if self._suppress.match(line)]
        for pointer in pointers:
            parts = split_pointer(pointer)
            if parts[:2] == ["tool", "flowlint"]:
                parts = parts[2:]
            if len(parts) == 2 and parts[0] == "suppress" and int(parts[1]) < len(headers):
                found[pointer] = (headers[int(parts[1])], 1)
            elif len(parts) == 2 and parts[0] == "per-file-ignores":
                for number, line in enumerate(self._lines, 1):
                    column = max(line.find(f'"{parts[1]}"'), line.find(f"'{parts[1]}'"))
                    if column >= 0:
                        found[pointer] = (number, column + 1)
                        break
        return found


@dataclass
class ConfigSource:
    """Stands in for a Source so that findings about the config file get a name and lines."""

    name: str
    positions: Any


def config_source(config: Config) -> ConfigSource:
    return ConfigSource(display_path(config.path) if config.path else "<config>", TomlPositions(config))


def display_path(path: Path | str) -> str:
    """A path as findings show it: relative to the working folder (the way it was found)."""
    text = os.fspath(path)
    try:
        return os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
