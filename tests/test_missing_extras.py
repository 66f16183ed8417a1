"""Without an optional extra, a command that needs it says in one line which extra to
install, and exits 2 (never ``internal error: ModuleNotFoundError``).

The extras' modules are made unimportable in a fresh process by a ``sitecustomize`` that
sets ``sys.modules[name] = None``: any renderer (matplotlib, graphviz, pygraphviz) counts.
"""
from __future__ import annotations

import pytest

from conftest import FIXTURES, run_cli

SEED = str(FIXTURES / "seed-import-response.json")
DIAGRAM_HINT = ("flowlint: error: diagrams need the optional 'diagrams' extra (no module named {module!r}): "
                'pip install "telnyx-flowlint[diagrams]"\n')


def without(tmp_path, *modules: str) -> dict[str, str]:
    """An environment whose Python cannot import ``modules``."""
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in modules))
    return {"PYTHONPATH": f"{tmp_path}:{FIXTURES.parent}"}


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_an_image_without_the_diagrams_extra_names_the_extra(tmp_path, fmt) -> None:
    env = without(tmp_path, "matplotlib", "graphviz", "pygraphviz")
    done = run_cli("diagram", SEED, "--format", fmt, "-o", str(tmp_path / f"flow.{fmt}"), env=env)
    assert done.returncode == 2
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("flowlint: error: diagrams need the optional 'diagrams' extra")
    assert line.endswith('pip install "telnyx-flowlint[diagrams]"')
    assert not (tmp_path / f"flow.{fmt}").exists()


def test_the_message_names_the_module_that_is_missing(tmp_path) -> None:
    done = run_cli("diagram", SEED, "--format", "dot", env=without(tmp_path, "graphviz"))
    assert done.returncode == 2
    assert done.stderr.decode() == DIAGRAM_HINT.format(module="graphviz")


def test_any_renderer_module_counts_not_only_matplotlib() -> None:
    from flowlint.extras import missing_extra_message

    for module in ("pygraphviz.agraph", "matplotlib.pyplot", "graphviz"):
        assert "'diagrams' extra" in missing_extra_message(ModuleNotFoundError(name=module))
    assert "'platform' extra" in missing_extra_message(ModuleNotFoundError(name="telnyx"))
    assert missing_extra_message(ModuleNotFoundError(name="yaml")) is None


def test_mermaid_needs_no_extra(tmp_path) -> None:
    done = run_cli("diagram", SEED, "--format", "mermaid", env=without(tmp_path, "matplotlib", "graphviz"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith(("flowchart", "%%", "---"))


def test_check_needs_no_extra(tmp_path) -> None:
    done = run_cli("check", SEED, env=without(tmp_path, "matplotlib", "graphviz", "pygraphviz", "telnyx"))
    assert done.returncode == 0, done.stderr


def test_a_module_no_extra_installs_is_still_an_internal_error(tmp_path) -> None:
    """Only the extras' modules get the install hint: anything else is a real bug."""
    (tmp_path / "sitecustomize.py").write_text(
        "import flowlint.commands.check as check\n"
        "def broken(args):\n    import no_such_module_anywhere\n"
        "check.run = broken\n")
    done = run_cli("check", SEED, env={"PYTHONPATH": f"{tmp_path}:{FIXTURES.parent}"})
    assert done.returncode == 2
    assert done.stderr.decode().startswith("flowlint: internal error: ModuleNotFoundError")
