"""`make bench`, newsletter part: the signup POST, queueing a digest, sending throughput.

On its own PostgreSQL database (NEWSLETTER_BENCH_DATABASE_URL, default
`convergence_newsletter_bench`, dropped and re-created on each run):

- the subscribe POST: SQL queries per request with 100 and with 100,000 subscribers on the list
  (constant), and its median time; it only stores a row and enqueues a task, never SMTP;
- `send_digest` for 10,000 and 100,000 confirmed subscribers: seconds and the command's peak
  memory (resident set), which stays flat because subscribers are streamed in chunks;
- sending: deliveries per second from `db_worker` processes to a local SMTP sink (aiosmtpd),
  with 1 and with 2 workers.

Informational only: nothing passes or fails on timing. `python bench/newsletter.py` runs it.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ports import free_port  # noqa: E402

DATABASE_URL = os.environ.get(
    "NEWSLETTER_BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/convergence_newsletter_bench",
)
SEND_COUNT = int(os.environ.get("NEWSLETTER_BENCH_SEND", 3000))
PYTHON = sys.executable
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-only-secret-key"),
    "DEBUG": "0",
    "HTTPS": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "LOG_LEVEL": "WARNING",
    "SITE_URL": "https://convergence.example",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
os.environ.update(ENV)


def fresh_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=ENV, check=True)


def setup_django():
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # collectstatic is not needed
    django.setup()


def reset_list(confirmed: int) -> None:
    """`confirmed` subscribers, a published briefing, and no digest yet (SQL: setup only)."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE newsletter_delivery, newsletter_digest, newsletter_subscriber, "
            f"{DBTaskResult._meta.db_table}"
        )
        cursor.execute(
            """INSERT INTO newsletter_subscriber (email, status, frequency, key, created_at,
                   confirmed_at, consent_page, hard_bounces)
               SELECT 'reader' || n || '@example.org', 'confirmed', 'daily', md5(n::text),
                   now(), now(), '/', 0
               FROM generate_series(1, %s) AS n""",
            [confirmed],
        )
        cursor.execute("ANALYZE newsletter_subscriber")


def ensure_briefing() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article
    from tests.factories import make_article

    if not Article.objects.filter(slug="bench-briefing").exists():
        make_article(
            title="Bench briefing",
            slug="bench-briefing",
            publish_at=timezone.now() - timedelta(hours=1),
        )


def measure_subscribe(list_size: int) -> tuple[int, float]:
    from datetime import timedelta

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core.abuse import render_token

    reset_list(list_size)
    from django.core.cache import cache

    timings, queries = [], []
    client = Client()
    for n in range(50):
        cache.clear()  # the per-IP allowance would stop a benchmark first
        data = {
            "email": f"new{n}@example.org",
            "rendered": render_token(now=timezone.now() - timedelta(seconds=10)),
        }
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post("/newsletter/subscribe/", data)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 303, response.status_code
        queries.append(len(captured))
    assert len(set(queries)) == 1, queries
    return queries[0], statistics.median(timings) * 1000


def measure_send_digest(list_size: int) -> tuple[float, float]:
    """Seconds and peak resident MB of `manage.py send_digest` in its own process."""
    reset_list(list_size)
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "send_digest", "-v0"], cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    assert status == 0, status
    return elapsed, usage.ru_maxrss / 1024


def measure_sending(workers: int, sink_port: int) -> float:
    """Deliveries per second, from `send_digest` done to every delivery sent."""
    from newsletter.models import Delivery

    reset_list(SEND_COUNT)
    env = {
        **ENV,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink_port),
    }
    subprocess.run([PYTHON, "manage.py", "send_digest", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--batch", "--interval", "0", "-v0"],
            cwd=ROOT,
            env=env,
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.wait()
    elapsed = time.perf_counter() - started
    sent = Delivery.objects.filter(state="sent").count()
    assert sent == SEND_COUNT, (sent, SEND_COUNT)
    return sent / elapsed


def run() -> None:
    print(f"Newsletter: preparing {DATABASE_URL} …", flush=True)
    fresh_database()
    setup_django()
    ensure_briefing()

    rows = []
    for size in (100, 100_000):
        print(f"Measuring the subscribe POST with {size:,} subscribers …", flush=True)
        queries, median = measure_subscribe(size)
        rows.append((f"subscribe POST, {size:,} on the list", f"{queries} SQL", f"{median:.1f} ms"))
    for size in (10_000, 100_000):
        print(f"Measuring send_digest for {size:,} subscribers …", flush=True)
        seconds, peak = measure_send_digest(size)
        rows.append(
            (f"send_digest, {size:,} subscribers", f"{seconds:.1f} s", f"{peak:.0f} MB peak")
        )

    port = free_port()
    sink = subprocess.Popen(
        [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        cwd=ROOT,
        env=ENV,
    )
    try:
        time.sleep(1)
        for workers in (1, 2):
            print(
                f"Measuring sending {SEND_COUNT:,} digests with {workers} worker(s) …", flush=True
            )
            rate = measure_sending(workers, port)
            rows.append(
                (f"sending, {workers} db_worker", f"{rate:.0f} msg/s", f"{SEND_COUNT:,} sent")
            )
    finally:
        sink.terminate()
        sink.wait()

    print()
    print(f"Newsletter ({os.cpu_count()} CPUs; SMTP sink: aiosmtpd on localhost)")
    header = f"{'measure':<40} {'result':>12} {'':>14}"
    print(header)
    print("-" * len(header))
    for label, first, second in rows:
        print(f"{label:<40} {first:>12} {second:>14}")


main = run

if __name__ == "__main__":
    run()
