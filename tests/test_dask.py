"""--dask: the same results as a local run; a one-line error without dask installed."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from granska.checks.cli import main
from tests.support.generator import generate


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask-reports")
    for s in range(31, 37):
        (folder / f"r{s:04d}.txt").write_text(generate(s).text, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    return folder


def test_without_dask_installed_dask_is_a_one_line_error(reports, tmp_path, monkeypatch, capsys):
    for name in ("distributed", "dask", "dask.distributed"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails as if not installed
    code = main(["check", str(reports), "--dask", "local", "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "pip install 'granska[dask]'" in err
    assert not (tmp_path / "out" / "index.html").exists()


def test_the_cli_does_not_import_dask_without_dask(reports, tmp_path):
    import subprocess

    code = ("import sys; from checks.cli import main; "
            f"main(['check', {str(reports)!r}, '--no-html', '--quiet', '--jobs', '1']); "
            "print(any(m == 'dask' or m.startswith(('dask.', 'distributed')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_a_local_cluster_gives_the_same_json_as_a_local_run(reports, tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local.json", tmp_path / "dask.json"
    common = ["check", str(reports), "--no-html", "--quiet", "--fail-on", "never"]
    assert main([*common, "--jobs", "1", "--json", str(local)]) == 2  # broken.pdf
    assert main([*common, "--jobs", "2", "--dask", "local", "--json", str(dask)]) == 2
    assert dask.read_bytes() == local.read_bytes()


def test_an_unreachable_scheduler_is_a_one_line_error(reports, monkeypatch, capsys):
    pytest.importorskip("distributed")
    from granska.checks import dask_backend

    monkeypatch.setattr(dask_backend, "CONNECT_TIMEOUT_S", 1)
    code = main(["check", str(reports), "--no-html", "--quiet", "--dask", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "tcp://127.0.0.1:9" in err
