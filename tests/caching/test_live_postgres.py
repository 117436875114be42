"""PostgreSQL restarted under load: errors only while it is down, then service without a restart.

A private cluster (initdb in a temporary folder, its own port): the machine's shared one is
never restarted.
"""

import subprocess
import threading
import time

import httpx

from tests.caching.servers import ROOT, VENV_BIN, gunicorn, private_postgres, site_env


def test_gunicorn_serves_again_after_postgresql_restarts_under_load(static_root, tmp_path):
    with private_postgres() as (database_url, restart_postgres):
        env = site_env(
            database_url,
            STATIC_ROOT=str(static_root),
            CACHE_DIR=str(tmp_path / "cache"),
            PAGE_CACHE_SECONDS="0",  # every request reaches the database
            CONN_MAX_AGE="60",  # persistent connections: the ones a restart breaks
        )
        subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        with gunicorn(env, workers=2, tmp_path=tmp_path) as app:
            results: list[tuple[float, int]] = []
            done = threading.Event()

            def load():
                with httpx.Client(timeout=5) as client:
                    while not done.is_set():
                        try:
                            status = client.get(app.url + "/archive/").status_code
                        except httpx.HTTPError:
                            status = 0
                        results.append((time.monotonic(), status))

            threads = [threading.Thread(target=load) for _ in range(3)]
            for thread in threads:
                thread.start()
            time.sleep(2)
            down_at = time.monotonic()
            restart_postgres(down_seconds=2)
            up_at = time.monotonic()
            time.sleep(3)
            done.set()
            for thread in threads:
                thread.join(timeout=10)

    before = [status for at, status in results if at < down_at]
    after = [status for at, status in results if at > up_at + 0.5]
    failed = [at for at, status in results if status != 200]
    assert before and set(before) == {200}
    assert failed, "the outage was not noticed: the test proves nothing"
    assert all(down_at <= at <= up_at + 0.5 for at in failed)
    assert len(after) > 20 and set(after) == {200}
