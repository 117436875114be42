"""The commands README.md documents work as written, from a shell with nothing set up."""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
TARGETS = sorted(
    set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))
)


def make(*args, env=None, timeout=300):
    """`make` in a fresh shell: no virtualenv on the PATH, none of the site's variables."""
    fresh = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/root"),
        **(env or {}),
    }
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        env=fresh,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_every_make_target_is_in_make_help_and_the_readme():
    shown = make("help").stdout

    assert len(TARGETS) >= 15
    assert [t for t in TARGETS if f"make {t} " not in shown] == []
    assert [t for t in TARGETS if f"make {t}" not in README] == []


def test_make_run_refuses_another_python_with_a_clear_message(tmp_path):
    python = tmp_path / "python3"
    python.write_text("#!/bin/sh\necho 3.12\n")
    python.chmod(0o755)

    result = make("check-python", f"PYTHON={python}", f"PY={tmp_path}/no-venv/python")

    assert result.returncode != 0
    assert f"Convergence needs Python 3.11, but {python} is 3.12." in result.stderr
    assert "make PYTHON=python3.11 run" in result.stderr


def test_the_readme_commands_work_pasted_in_a_fresh_shell(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    assert make("manage", "CMD=migrate -v0", env=env).returncode == 0

    seeded = make("seed", env=env)

    assert seeded.returncode == 0, seeded.stderr
    assert re.search(r"Editor login: username `editor`, password `\w+`", seeded.stdout)
    prices = make("prices", env=env)
    assert prices.returncode == 0, prices.stderr
