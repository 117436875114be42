"""Real servers for the caching tests: gunicorn, redis-server, varnishd, a private PostgreSQL.

Each starts on a free local port in a temporary folder, is waited for with a deadline, and is
stopped by the test that started it (context managers), whatever happens.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def site_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-only-secret-key",
        "DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TICKER_PROVIDER": "demo",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **extra,
    }


def wait_until(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = check()
        except (httpx.HTTPError, OSError, subprocess.SubprocessError):
            result = None
        if result:
            return result
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up within {seconds} s")


def stop(process: subprocess.Popen, *, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, tmp_path: Path):
    """gunicorn serving the site with `workers` processes; yields its base URL and access log."""
    port = free_port()
    access_log = tmp_path / f"access-{port}.log"
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / f"gunicorn-{port}.err", "w"),  # noqa: SIM115 - closed with the process
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: httpx.get(url + "/healthz", timeout=2).status_code in (200, 503),
            seconds=30,
            what="gunicorn",
        )
        yield url, access_log
    finally:
        stop(process)


@contextmanager
def redis_server(tmp_path: Path, *, port: int | None = None):
    """A private redis-server: no persistence, its own port. Yields (port, stop function)."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def ping():
        return (
            subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, timeout=2
            ).stdout.strip()
            == "PONG"
        )

    try:
        wait_until(ping, seconds=10, what="redis-server")
        yield port, lambda: stop(process)
    finally:
        stop(process)


@contextmanager
def varnishd(backend_port: int, tmp_path: Path):
    """varnishd with deploy/varnish/default.vcl in front of a backend; yields its base URL."""
    vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";')
    (tmp_path / "test.vcl").write_text(vcl)
    workdir = tmp_path / "varnish"
    workdir.mkdir()
    shutil.chown(workdir, "varnish", "varnish")
    os.chmod(tmp_path, 0o755)
    port, admin_port = free_port(), free_port()
    process = subprocess.Popen(
        [
            "varnishd",
            "-F",
            "-n",
            str(workdir),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            f"127.0.0.1:{admin_port}",
            "-f",
            str(tmp_path / "test.vcl"),
            "-s",
            "malloc,64m",
        ],
        stdout=open(tmp_path / "varnishd.out", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: httpx.get(url + "/healthz", timeout=2).status_code == 200,
            seconds=30,
            what="varnishd",
        )
        yield url
    finally:
        stop(process)


@contextmanager
def private_postgres(tmp_path: Path):
    """A PostgreSQL cluster of our own (initdb in a temporary folder) on a free port.

    Yields (database URL, restart function). The machine's shared cluster is never touched.
    """
    data = tmp_path / "pgdata"
    sockets = tmp_path / "pgsock"
    for folder in (data, sockets):
        folder.mkdir()
        shutil.chown(folder, "postgres", "postgres")
    os.chmod(tmp_path, 0o755)
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_postgres,
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg_ctl(*args):
        subprocess.run(
            [*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "30", *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    pg_ctl("-o", options, "-l", str(tmp_path / "postgres.log"), "start")

    def restart(down_seconds: float):
        pg_ctl("-m", "fast", "stop")
        time.sleep(down_seconds)
        pg_ctl("-o", options, "-l", str(tmp_path / "postgres.log"), "start")

    try:
        subprocess.run(
            [
                *as_postgres,
                str(PG_BIN.parent / "bin" / "createdb")
                if (PG_BIN / "createdb").exists()
                else "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "convergence",
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/convergence", restart
    finally:
        subprocess.run(
            [*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
