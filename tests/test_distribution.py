"""The distribution is ``telnyx-flowlint`` (on the package index ``flowlint`` is another
project); the import package and the command stay ``flowlint``, and no document tells a user
to ``pip install flowlint``."""
from __future__ import annotations

import re
import sys
from importlib import metadata

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DISTRIBUTION = "telnyx-flowlint"
# `pip install flowlint`, `pip install "flowlint[all]"`, `pip install -U flowlint==1.0` ...
BARE_INSTALL = re.compile(r"""pip3?\s+install\s+(?:-\S+\s+)*["']?flowlint(?![\w-])""")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / ".pre-commit-hooks.yaml",
             *sorted((ROOT / "notebooks").glob("*.ipynb"))]


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_distribution_is_telnyx_flowlint_and_the_command_is_flowlint() -> None:
    assert project()["name"] == DISTRIBUTION
    assert project()["scripts"] == {"flowlint": "flowlint.cli:run"}


def test_the_extras_refer_to_the_distribution_itself() -> None:
    extras = project()["optional-dependencies"]
    assert extras["all"] == [f"{DISTRIBUTION}[diagrams,platform]"]
    assert f"{DISTRIBUTION}[diagrams,platform]" in extras["test"]
    mentioned = [r for requirements in extras.values() for r in requirements]
    assert not [r for r in mentioned if re.match(r"flowlint\b", r)]


def test_the_installed_metadata_carries_the_new_name() -> None:
    assert metadata.distribution(DISTRIBUTION).entry_points.select(group="console_scripts")["flowlint"].value \
        == "flowlint.cli:run"


def test_no_document_tells_users_to_pip_install_flowlint() -> None:
    for document in DOCUMENTS:
        text = document.read_text()
        found = [m.group() for m in BARE_INSTALL.finditer(" ".join(text.split()))]
        assert found == [], f"{document.name}: {found}"
    assert BARE_INSTALL.search('pip install "flowlint[diagrams]"')  # the check itself works
    assert not BARE_INSTALL.search('pip install "telnyx-flowlint[diagrams]"')
