"""`make bench`: latency and throughput of the main pages under gunicorn, against a static file.

Seeds a PostgreSQL database (BENCH_DATABASE_URL, default `convergence_bench`) with briefings
carrying 10, 300 and 500 threaded comments, serves it with gunicorn (2 sync workers, DEBUG off)
on a free local port, and prints for each target: SQL queries per view, median and p95 latency
of sequential requests, requests/s under a bounded concurrent load (wrk), and each page's ratio
to the static file. Then the caching targets (issue 9) in one table: the 300-comment page from
the page cache against the same HTML as a static file through WhiteNoise; through Varnish
(deploy/varnish/default.vcl) against nginx serving that file; uncached; and what posting a
comment costs. Informational only: nothing here passes or fails on timing.

Add a page by appending to TARGETS (a label and a path, or a callable returning the path).
"""

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ports import free_port  # noqa: E402

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
    "CACHE_DIR": str(ROOT / "bench" / "out" / "cache"),
    # Posted comments are published at once, so posting one purges what it changes.
    "COMMENTS_MODERATION": "none",
    "COMMENTS_RATE_LIMIT": "",
}
os.environ.update(ENV)

SEQUENTIAL = int(os.environ.get("BENCH_REQUESTS", 200))
LOAD_SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
LOAD_CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
PYTHON = sys.executable


def static_path() -> str:
    from django.templatetags.static import static

    return static("css/site.css")


ARTICLE_300 = "/articles/bench-300-comments/"
PHONE = {"Accept-Encoding": "gzip, deflate, br"}
GZIP = {"Accept-Encoding": "gzip"}
# Any query parameter the page cache does not know sends the request to the view (uncached).
UNCACHED = "?uncached=1"
# A link as shared on social media: the same page, from the same cache entry (issue 17).
TRACKED = "?utm_source=x&fbclid=y"
TARGETS = [
    ("home (ticker strip)", "/"),
    ("home, uncached", "/" + UNCACHED),
    ("article, 10 comments", "/articles/bench-10-comments/"),
    ("article, 300 comments", ARTICLE_300),
    ("article, 300, uncached", ARTICLE_300 + UNCACHED),
    ("article, 500 comments", "/articles/bench-500-comments/"),
    ("article, 500, uncached", "/articles/bench-500-comments/" + UNCACHED),
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

    for size in (10, 300, 500):
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
                publish_at=timezone.now(),
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


def warm(client, path: str) -> None:
    """Ask until the page stops being drawn (a hit, or a page the cache passes by): one drawn
    within a second of a purge of its keys is not trusted, and is drawn again."""
    deadline = time.monotonic() + 10
    while client.get(path).get("X-Cache") == "MISS" and time.monotonic() < deadline:
        pass


def count_queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    warm(client, path)  # as a running site has its caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def cache_reads_per_hit(path: str) -> tuple[int, int]:
    """Calls to the shared cache a page-cache hit makes (reads a backend makes inside another
    are not counted: Redis answers a get_many with one MGET), and the keys they read."""
    from django.core.cache import caches
    from django.test import Client

    backend = type(caches["default"])
    calls, depth = [], [0]
    originals = {name: getattr(backend, name) for name in ("get", "get_many", "has_key")}

    def counting(name):
        def read(self, key, *args, **kwargs):
            if not depth[0]:
                calls.append(len(key) if name == "get_many" else 1)
            depth[0] += 1
            try:
                return originals[name](self, key, *args, **kwargs)
            finally:
                depth[0] -= 1

        return read

    client = Client()
    warm(client, path)
    for name in originals:
        setattr(backend, name, counting(name))
    try:
        response = client.get(path)
    finally:
        for name, original in originals.items():
            setattr(backend, name, original)
    assert response["X-Cache"] == "HIT", response["X-Cache"]
    return len(calls), sum(calls)


def cold_rate() -> str:
    """The 300-comment page with every cache off (Django's dummy cache), in one process."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "comments_thread.py"), "dummy", ARTICLE_300.split("/")[2]],
        env={**ENV, "LOG_LEVEL": "ERROR"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


# --- Server and measurements --------------------------------------------------------------


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


def fetch(url: str, headers: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return time.perf_counter() - started


def sequential(url: str, headers: dict[str, str] | None = None) -> tuple[float, float]:
    for _ in range(10):
        fetch(url, headers)
    timings = sorted(fetch(url, headers) for _ in range(SEQUENTIAL))
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings) * 1000, p95 * 1000


def under_load(url: str, headers: dict[str, str] | None = None) -> float:
    if shutil.which("wrk"):
        header_args = [
            arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")
        ]
        result = subprocess.run(
            ["wrk", "-t2", f"-c{LOAD_CONNECTIONS}", f"-d{LOAD_SECONDS}s", *header_args, url],
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
            fetch(url, headers)
            done += 1
        return done

    with ThreadPoolExecutor(LOAD_CONNECTIONS) as pool:
        return sum(pool.map(worker, range(LOAD_CONNECTIONS))) / LOAD_SECONDS


def article_as_static_file() -> tuple[Path, str]:
    """The 300-comment page's HTML saved under STATIC_ROOT, as WhiteNoise and nginx serve it."""
    from django.test import Client

    from core.compression import compress

    html = Client().get(ARTICLE_300 + UNCACHED).content
    folder = Path(ENV["STATIC_ROOT"]) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article-300.html").write_bytes(html)
    # Precompressed beside it, as WhiteNoise and nginx's gzip_static serve them.
    (folder / "article-300.html.br").write_bytes(compress(html, "br"))
    (folder / "article-300.html.gz").write_bytes(compress(html, "gzip"))
    return folder / "article-300.html", "/static/bench/article-300.html"


def posting_costs() -> list[tuple[str, int, int]]:
    """SQL queries and purged keys for posting a comment, on threads of 10 and 500 comments."""
    import logging
    from datetime import timedelta

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from articles.models import Article
    from core import abuse

    purges: list[str] = []

    class Purges(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith("purge "):
                purges.extend(record.getMessage().split()[1:])

    logger = logging.getLogger("convergence.cache")
    logger.addHandler(handler := Purges())
    logger.setLevel(logging.INFO)
    rows = []
    try:
        for size in (10, 500):
            article = Article.objects.get(slug=f"bench-{size}-comments")
            purges.clear()
            data = {
                "article": article.pk,
                "parent": "",
                "name": "Bench Reader",
                "email": "bench@example.org",
                "url": "",
                "body": f"Measured at {timezone.now().isoformat()}.",
                "homepage": "",
                "rendered": abuse.render_token(now=timezone.now() - timedelta(seconds=30)),
            }
            with CaptureQueriesContext(connection) as queries:
                response = Client().post("/comments/post/", data)
            assert response.status_code == 302, response.status_code
            rows.append((f"post a comment ({size} in thread)", len(queries), len(set(purges))))
    finally:
        logger.removeHandler(handler)
    return rows


@contextmanager
def nginx(root: Path):
    """nginx serving `root` (2 workers, like gunicorn), from a folder its workers can read."""
    folder = Path(tempfile.mkdtemp(prefix="convergence-bench-nginx-"))
    folder.chmod(0o755)
    shutil.copytree(root, folder / "www")
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    (folder / "nginx.conf").write_text(
        f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    gzip_static on;
    default_type text/html;
    client_body_temp_path {folder}/tmp;
    proxy_temp_path {folder}/tmp;
    fastcgi_temp_path {folder}/tmp;
    uwsgi_temp_path {folder}/tmp;
    scgi_temp_path {folder}/tmp;
    server {{ listen 127.0.0.1:{port}; root {folder}/www; }}
}}
"""
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", "nginx")
        yield port
    finally:
        stop_server(process)
        shutil.rmtree(folder, ignore_errors=True)


def wait_for(url: str, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError as error:
            if getattr(error, "code", None):  # any HTTP answer means it is up
                return
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer within 30 s")


def measure(label: str, url: str, headers=None) -> tuple[float, float, float]:
    print(f"Measuring {label} ({url}) …", flush=True)
    median, p95 = sequential(url, headers)
    return median, p95, under_load(url, headers)


def transferred(url: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read()), response.headers.get("Content-Encoding", "none")


def main() -> None:
    print(f"Preparing {DATABASE_URL} …", flush=True)
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    seed()
    from django.core.cache import cache

    cache.clear()  # diskcache keeps its database open: emptied, not deleted
    targets = [(label, path() if callable(path) else path) for label, path in TARGETS]
    queries = {label: count_queries(path) for label, path in targets}
    static_file, static_url = article_as_static_file()

    port = free_port()
    server = start_server(port)
    rows = []
    try:
        for label, path in targets:
            rows.append(
                (label, path, queries[label], *measure(label, f"http://127.0.0.1:{port}{path}"))
            )
        # As phones ask: compressed. Brotli from the app and WhiteNoise; Varnish keeps gzip.
        app = f"http://127.0.0.1:{port}"
        # Three runs each, alternating: one run on a shared machine says little.
        runs = []
        for _ in range(3):
            runs.append(
                (
                    measure("article 300, page cache", app + ARTICLE_300, PHONE),
                    measure("its HTML via WhiteNoise", app + static_url, PHONE),
                )
            )
        cached = runs[-1][0]
        tracked = measure("article 300 + tracking, page cache", app + ARTICLE_300 + TRACKED, PHONE)
        phone_bytes = transferred(app + ARTICLE_300, PHONE)
        uncached = measure("article 300, uncached", app + ARTICLE_300 + UNCACHED, PHONE)
        through_varnish = nginx_static = tracked_varnish = None
        if shutil.which("varnishd") and shutil.which("nginx"):
            # The same varnishd, with deploy/varnish/default.vcl, that the caching tests start.
            from tests.caching.servers import varnishd

            with tempfile.TemporaryDirectory() as logs, varnishd(port, Path(logs)) as front:
                through_varnish = measure("article 300 via Varnish", front + ARTICLE_300, GZIP)
                tracked_varnish = measure(
                    "article 300 + tracking via Varnish", front + ARTICLE_300 + TRACKED, GZIP
                )
            with nginx(static_file.parent.parent) as nginx_port:
                nginx_static = measure(
                    "its HTML via nginx",
                    f"http://127.0.0.1:{nginx_port}/bench/{static_file.name}",
                    GZIP,
                )
    finally:
        stop_server(server)
    posts = posting_costs()
    reads = cache_reads_per_hit(ARTICLE_300)
    cold = cold_rate()

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

    print()
    size_kb = static_file.stat().st_size // 1024
    print(
        f"Caching targets (issue 9): the article with 300 comments, {size_kb} KB of HTML, "
        f"{phone_bytes[0] / 1024:.1f} KB transferred ({phone_bytes[1]}); requests send "
        "Accept-Encoding: br, gzip (gunicorn, WhiteNoise) or gzip (Varnish, nginx gzip_static)"
    )
    header = f"{'page':<44} {'median ms':>10} {'req/s':>8} {'against':>26} {'ratio':>7}"
    print(header)
    print("-" * len(header))

    def line(label, measured, against_label=None, against=None, target=""):
        ratio = f"{measured[2] / against[2]:>6.0%}" if against else ""
        print(
            f"{label:<44} {measured[0]:>10.2f} {measured[2]:>8.0f} "
            f"{against_label or '':>26} {ratio:>7} {target}"
        )

    for n, (run_cached, run_static) in enumerate(runs, 1):
        line(f"run {n}: static HTML via WhiteNoise (gunicorn)", run_static)
        line(
            f"run {n}: warm, gunicorn + page cache",
            run_cached,
            "WhiteNoise static",
            run_static,
            "(target ≥ 50 %)",
        )
    line("warm, with ?utm_source=x&fbclid=y", tracked, "the clean URL", cached, "(target ≈ 100 %)")
    if through_varnish:
        line("static HTML via nginx", nginx_static)
        line("through Varnish", through_varnish, "nginx static", nginx_static, "(target ≥ 50 %)")
        line(
            "through Varnish, with tracking parameters",
            tracked_varnish,
            "the clean URL",
            through_varnish,
            "(target ≈ 100 %)",
        )
    else:
        print("(varnishd or nginx missing: make system-deps installs them)")
    line("uncached (the view, every time)", uncached)
    print(f"cache reads per page-cache hit: {reads[0]} calls, {reads[1]} keys (target ≤ 2 calls)")
    print(f"300-comment thread (bench/comments_thread.py dummy), {cold}")
    print()
    for label, sql, keys in posts:
        print(f"{label:<44} {sql:>4} SQL queries, {keys} purged key(s)")


if __name__ == "__main__":
    main()
