"""`make bench`: latency and throughput of the main pages under gunicorn, against a static file.

Seeds a PostgreSQL database (BENCH_DATABASE_URL, default `convergence_bench`) with briefings
carrying 10 and 500 threaded comments, serves it with gunicorn (2 sync workers, DEBUG off) on a
free local port, and prints for each target: SQL queries per view, median and p95 latency of
sequential requests, requests/s under a bounded concurrent load (wrk), and each page's ratio to
the static file. Informational only: nothing here passes or fails on timing.

Add a page by appending to TARGETS (a label and a path, or a callable returning the path).
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/convergence_bench"
)
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-only-secret-key"),
    "DEBUG": "0",
    "HTTPS": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "STATIC_ROOT": str(ROOT / "bench" / "out" / "static"),
    "TICKER_PROVIDER": "demo",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
os.environ.update(ENV)

SEQUENTIAL = int(os.environ.get("BENCH_REQUESTS", 200))
LOAD_SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
LOAD_CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
PYTHON = sys.executable


def static_path() -> str:
    from django.templatetags.static import static

    return static("css/site.css")


TARGETS = [
    ("home (ticker strip)", "/"),
    ("article, 10 comments", "/articles/bench-10-comments/"),
    ("article, 500 comments", "/articles/bench-500-comments/"),
    ("/tickers.json", "/tickers.json"),
    ("static file (site.css)", static_path),
]
STATIC_LABEL = TARGETS[-1][0]


# --- Preparation --------------------------------------------------------------------------


def ensure_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1].split("?")[0]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def seed() -> None:
    """Two briefings with threads: one of 10 comments, one of 500 nested up to depth 5."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Section
    from comments.models import Comment
    from comments.services import comment_create
    from tickers.demo import seed_quotes

    seed_quotes(now=timezone.now())  # the strip on every page, and /tickers.json

    for size in (10, 500):
        slug = f"bench-{size}-comments"
        article = Article.objects.filter(slug=slug).first()
        if article and article.comment_count == size:
            continue
        with transaction.atomic():
            Article.objects.filter(slug=slug).delete()
            article = Article.objects.create(
                slug=slug,
                title=f"Benchmark briefing with {size} comments",
                summary="A briefing that exists to be measured.",
                section=Section.objects.get_or_create(slug="bench", defaults={"name": "Bench"})[0],
                author=get_user_model().objects.get_or_create(username="bench-author")[0],
                status=Article.Status.PUBLISHED,
                body="## Part one\n\n" + "A paragraph of text. " * 120 + "\n\n## Part two\n\nEnd.",
            )
            article.tags.set(["Benchmark", "Ethereum"])
            made: list[Comment] = []
            for n in range(size):
                # Every third comment starts a thread; the others answer a recent one,
                # which builds chains five deep and some beyond (shown at the cap).
                parent = made[n - 1 - n % 4] if n % 3 and made else None
                made.append(
                    comment_create(
                        article=article,
                        parent=parent,
                        name=f"Reader {n % 37}",
                        email=f"reader{n % 37}@example.org",
                        body=f"Comment {n}: a reasonable remark, with a link https://example.org/{n}"
                        "\nand a second line.",
                        status=Comment.Status.APPROVED,
                    )
                )


def count_queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(path)  # warm caches as a running site would have them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


# --- Server and measurements --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,  # its own process group, so stopping it takes the workers too
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
        except OSError as error:
            if getattr(error, "code", None):  # any HTTP answer means it is up
                return server
            time.sleep(0.3)
        else:
            return server
    stop_server(server)
    raise RuntimeError("gunicorn did not start within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return time.perf_counter() - started


def sequential(url: str) -> tuple[float, float]:
    for _ in range(10):
        fetch(url)
    timings = sorted(fetch(url) for _ in range(SEQUENTIAL))
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings) * 1000, p95 * 1000


def under_load(url: str) -> float:
    if shutil.which("wrk"):
        result = subprocess.run(
            ["wrk", "-t2", f"-c{LOAD_CONNECTIONS}", f"-d{LOAD_SECONDS}s", url],
            capture_output=True,
            text=True,
            check=True,
        )
        return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    # Without wrk: the same bounded load from a thread pool (less precise, same idea).
    deadline = time.monotonic() + LOAD_SECONDS

    def worker(_):
        done = 0
        while time.monotonic() < deadline:
            fetch(url)
            done += 1
        return done

    with ThreadPoolExecutor(LOAD_CONNECTIONS) as pool:
        return sum(pool.map(worker, range(LOAD_CONNECTIONS))) / LOAD_SECONDS


def main() -> None:
    print(f"Preparing {DATABASE_URL} …", flush=True)
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    seed()
    targets = [(label, path() if callable(path) else path) for label, path in TARGETS]
    queries = {label: count_queries(path) for label, path in targets}

    port = free_port()
    server = start_server(port)
    rows = []
    try:
        for label, path in targets:
            url = f"http://127.0.0.1:{port}{path}"
            print(f"Measuring {label} ({path}) …", flush=True)
            median, p95 = sequential(url)
            rows.append((label, path, queries[label], median, p95, under_load(url)))
    finally:
        stop_server(server)

    static = next(row for row in rows if row[0] == STATIC_LABEL)
    print()
    print(
        f"gunicorn, 2 sync workers, DEBUG off; {SEQUENTIAL} sequential requests; "
        f"wrk -t2 -c{LOAD_CONNECTIONS} -d{LOAD_SECONDS}s"
    )
    header = (
        f"{'target':<26} {'SQL':>4} {'median ms':>10} {'p95 ms':>8} {'req/s':>8} "
        f"{'× static (median)':>18} {'static ÷ (req/s)':>17}"
    )
    print(header)
    print("-" * len(header))
    for label, _path, sql, median, p95, rps in rows:
        print(
            f"{label:<26} {sql:>4} {median:>10.2f} {p95:>8.2f} {rps:>8.0f} "
            f"{median / static[3]:>18.1f} {static[5] / rps:>17.1f}"
        )
    subprocess.run([PYTHON, str(ROOT / "bench" / "newsletter.py")], check=True)


if __name__ == "__main__":
    main()
