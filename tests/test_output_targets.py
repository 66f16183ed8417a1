"""Writing never destroys what is at the output path, through every writer of the real command.

A device or FIFO is written in place (``-o /dev/null`` as root leaves a device), a symlink
keeps being a link and its target gets the new bytes, a dangling link creates its target,
a regular file keeps its permissions, missing folders are created, and what cannot be
written is one line and exit 2. Device nodes are private ones made in a temporary folder,
never the real ``/dev/null``.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli

SEED = FIXTURES / "seed-import-response.json"
NULL_DEVICE = os.makedev(1, 3)  # Linux's null device numbers, on a node of our own

# (writer, arguments before the output path): every command that writes a file.
WRITERS = {
    "check -o": ["check", str(SEED), "--format", "json", "-o"],
    "check --write-baseline": ["check", str(SEED), "--write-baseline"],
    "diagram -o": ["diagram", str(SEED), "--format", "dot", "-o"],
    "paths -o": ["paths", str(SEED), "--format", "json", "-o"],
    "diff -o": ["diff", str(SEED), str(SEED), "--format", "json", "-o"],
}


def write_with(writer: str, target: Path) -> "object":
    return run_cli(*WRITERS[writer], str(target))


def private_null_device(folder: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    node = folder / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, NULL_DEVICE)
    return node


@pytest.mark.parametrize("writer", WRITERS)
def test_a_character_device_stays_a_device(tmp_path, writer) -> None:
    node = private_null_device(tmp_path)
    done = write_with(writer, node)
    assert done.returncode in (0, 1), done.stderr
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert os.lstat(node).st_rdev == NULL_DEVICE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary left behind


@pytest.mark.parametrize("writer", WRITERS)
def test_a_fifo_is_written_to_its_reader(tmp_path, writer) -> None:
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = write_with(writer, fifo)
    reader.join(timeout=60)
    assert done.returncode in (0, 1), done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].strip()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_symlink_stays_and_its_target_gets_the_output(tmp_path, writer) -> None:
    target = tmp_path / "real" / "report.out"
    target.parent.mkdir()
    target.write_text("old report")
    target.chmod(0o640)
    link = tmp_path / "link.out"
    link.symlink_to(os.path.join("real", "report.out"))
    done = write_with(writer, link)
    assert done.returncode in (0, 1), done.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "report.out")
    assert target.read_text() not in ("", "old report")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file's mode is kept
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.out"]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_dangling_symlink_creates_its_target(tmp_path, writer) -> None:
    link = tmp_path / "link.out"
    link.symlink_to(tmp_path / "made" / "report.out")
    done = write_with(writer, link)
    assert done.returncode in (0, 1), done.stderr
    assert link.is_symlink()
    assert (tmp_path / "made" / "report.out").read_bytes().strip()


@pytest.mark.parametrize("writer", WRITERS)
def test_missing_folders_are_created(tmp_path, writer) -> None:
    target = tmp_path / "new" / "folders" / "report.out"
    done = write_with(writer, target)
    assert done.returncode in (0, 1), done.stderr
    assert target.read_bytes().strip()


def test_a_new_file_gets_the_mode_open_would_give_it(tmp_path) -> None:
    target = tmp_path / "report.json"
    assert write_with("check -o", target).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


# diagram -o FOLDER writes its diagrams into the folder (tests/test_diagram_cli.py)
@pytest.mark.parametrize("writer", [w for w in WRITERS if w != "diagram -o"])
def test_a_folder_as_the_target_is_one_line_and_exit_2(tmp_path, writer) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    done = write_with(writer, folder)
    assert done.returncode == 2
    assert done.stderr.decode() == f"flowlint: error: cannot write {folder}: is a folder; name a file\n"
    assert list(folder.iterdir()) == []


# Root writes into any folder: run the command as root without capabilities, whom the
# folder's mode binds like any owner.
WITHOUT_CAPABILITIES = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


def run_bound_by_permissions(folder: Path, *args: str) -> subprocess.CompletedProcess:
    if not os.access(folder, os.W_OK):
        return run_cli(*args)
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("this user can write into a read-only folder, and setpriv cannot drop that")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([*WITHOUT_CAPABILITIES, sys.executable, "-m", "flowlint", *args],
                          capture_output=True, cwd=ROOT, env=environment, timeout=120)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_folder_is_one_line_and_exit_2_and_keeps_the_old_file(tmp_path, writer) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    old = folder / "report.out"
    old.write_text("old report")
    folder.chmod(0o555)
    try:
        done = run_bound_by_permissions(folder, *WRITERS[writer], str(old))
        assert done.returncode == 2, done.stderr
        assert done.stderr.decode() == f"flowlint: error: cannot write {old}: Permission denied\n"
        assert old.read_text() == "old report"
        assert sorted(p.name for p in folder.iterdir()) == ["report.out"]
    finally:
        folder.chmod(0o755)


def test_diagram_files_into_a_folder_follow_symlinks_there(tmp_path) -> None:
    """Several diagrams into a folder: a symlink already named like one of them stays a link."""
    flows = FIXTURES / "clean"
    out = tmp_path / "out"
    first = run_cli("diagram", str(flows), "--format", "dot", "-o", str(out) + "/")
    assert first.returncode == 0, first.stderr
    name = sorted(p.name for p in out.iterdir())[0]
    kept = tmp_path / "kept.dot"
    (out / name).rename(kept)
    (out / name).symlink_to(kept)
    kept.write_text("old")
    again = run_cli("diagram", str(flows), "--format", "dot", "-o", str(out) + "/")
    assert again.returncode == 0, again.stderr
    assert (out / name).is_symlink() and kept.read_text().startswith(("digraph", "//", "/*"))


def test_import_save_follows_a_symlink(tmp_path) -> None:
    """``import --save`` checks its target before the import runs: a symlink's folder counts."""
    from flowlint.commands.import_ import _check_writable

    (tmp_path / "real").mkdir()
    link = tmp_path / "saved.json"
    link.symlink_to(tmp_path / "real" / "response.json")
    _check_writable(str(link))  # the target's folder exists and is writable: no error
    with pytest.raises(Exception, match="does not exist"):
        broken = tmp_path / "broken.json"
        broken.symlink_to(tmp_path / "gone" / "response.json")
        _check_writable(str(broken))


def test_the_baseline_written_through_a_symlink_is_read_back(tmp_path) -> None:
    target = tmp_path / "baselines" / "flowlint-baseline.json"
    target.parent.mkdir()
    link = tmp_path / "baseline.json"
    link.symlink_to(target)
    assert run_cli("check", str(SEED), "--write-baseline", str(link)).returncode == 0
    assert link.is_symlink() and json.loads(target.read_text())
    assert run_cli("check", str(SEED), "--baseline", str(link)).returncode == 0


def test_a_socket_is_never_replaced(tmp_path) -> None:
    """A Unix socket cannot be opened as a file: one line, exit 2, and it stays a socket."""
    import socket

    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        done = write_with("check -o", path)
        assert done.returncode == 2
        (line,) = done.stderr.decode().splitlines()
        assert line.startswith(f"flowlint: error: cannot write {path}: ")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()
