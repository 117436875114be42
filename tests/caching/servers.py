"""Real servers for the caching tests: gunicorn, redis-server, varnishd, a private PostgreSQL.

Each starts on a free local port in a temporary folder, is waited for with a deadline, and is
stopped by the test that started it (context managers), whatever happens.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


@dataclass
class App:
    url: str
    access_log: Path
    stop: Callable[[], None]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


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


# The BTC price in a page's strip.
BTC_PRICE = re.compile(r'data-symbol="BTC">.*?class="ticker-price">([^<]+)<')


def refresh_prices(env: dict[str, str]) -> None:
    """`manage.py refresh_prices` as the timer runs it, against the site's environment."""
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "refresh_prices"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def wait_until(check, *, seconds: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
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
    """gunicorn serving the site with `workers` processes: yields its URL, access log and stop()."""
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
            process=process,
        )
        yield App(url=url, access_log=access_log, stop=lambda: stop(process))
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
        wait_until(ping, seconds=10, what="redis-server", process=process)
        yield port, lambda: stop(process)
    finally:
        stop(process)


@contextmanager
def varnishd(backend_port: int, tmp_path: Path, *, port: int | None = None):
    """varnishd with deploy/varnish/default.vcl in front of a backend; yields its base URL."""
    # varnishd drops to the `varnish` user: its files live where that user can reach them.
    shared = Path(tempfile.mkdtemp(prefix="convergence-varnish-"))
    shared.chmod(0o755)
    vcl = shared / "test.vcl"
    port, esi_port, admin_port = port or free_port(), free_port(), free_port()
    vcl.write_text(
        VCL.read_text()
        .replace('.port = "8000";', f'.port = "{backend_port}";')
        .replace('.port = "6091";', f'.port = "{esi_port}";')
    )
    vcl.chmod(0o644)
    workdir = shared / "work"
    workdir.mkdir()
    shutil.chown(workdir, "varnish", "varnish")
    process = subprocess.Popen(
        [
            "varnishd",
            "-F",
            "-n",
            str(workdir),
            "-a",
            f"127.0.0.1:{port}",
            "-a",
            f"esi=127.0.0.1:{esi_port}",
            "-T",
            f"127.0.0.1:{admin_port}",
            "-f",
            str(vcl),
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
            process=process,
        )
        yield url
    finally:
        stop(process)
        shutil.rmtree(shared, ignore_errors=True)


@contextmanager
def private_postgres():
    """A PostgreSQL cluster of our own (initdb in a temporary folder) on a free port.

    Yields (database URL, restart function). The machine's shared cluster is never touched.
    """
    # initdb and postgres refuse to run as root: the folder belongs to the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="convergence-pg-"))
    folder.chmod(0o755)
    shutil.chown(folder, "postgres", "postgres")
    data, log = folder / "data", folder / "postgres.log"
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"]

    def run(*command, timeout=60):
        subprocess.run([*as_postgres, *command], check=True, capture_output=True, timeout=timeout)

    server_options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "-l", str(log)]

    def restart(down_seconds: float) -> None:
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-m", "fast", "stop")
        time.sleep(down_seconds)
        run(*start, "-o", server_options, "start")

    try:
        run(
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            timeout=120,
        )
        run(*start, "-o", server_options, "start")
        run("createdb", "-h", "127.0.0.1", "-p", str(port), "convergence")
        yield f"postgres://postgres@127.0.0.1:{port}/convergence", restart
    finally:
        subprocess.run(
            [*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)
