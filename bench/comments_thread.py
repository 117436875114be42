"""The article page with a 300-comment thread, through Django's test client, in one process.

    DATABASE_URL=postgres://…/convergence_bench .venv/bin/python bench/comments_thread.py

Prints the median and best time of 60 requests in two states: `cold` clears the whole cache
before each request (the thread is drawn: what the first reader after a comment change pays)
and `warm` keeps it (the thread fragment comes from the cache; no page cache is involved).
`bench/comments_thread.py dummy [slug]` instead runs with Django's dummy cache (every cache off) and
prints requests/s and SQL statements per view: the cold page of issue 17.
Seeds a briefing `bench-300-thread` and demo prices once. Numbers for reading, not for passing.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

DUMMY = sys.argv[1:2] == ["dummy"]
django.setup()

from django.conf import settings  # noqa: E402

if DUMMY:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from tests.factories import make_article, make_comment  # noqa: E402
from tickers.demo import seed_quotes  # noqa: E402
from tickers.models import Quote  # noqa: E402

# Static files straight from the app folders: no collectstatic manifest needed.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# `bench/run.py` names its own 300-comment briefing, so its cold line measures the same page.
SLUG = sys.argv[2] if len(sys.argv) > 2 else "bench-300-thread"


def seed() -> Article:
    if not Quote.objects.exists():
        seed_quotes(now=timezone.now())  # the strip every page shows, as `make bench` seeds it
    article = Article.objects.filter(slug=SLUG).first()
    if article is None:
        article = make_article(
            slug=SLUG,
            title="Benchmark thread",
            section=Section.objects.get_or_create(slug="bench", defaults={"name": "Bench"})[0],
            author=get_user_model().objects.get_or_create(username="bench-author")[0],
        )
        conversation = None
        for n in range(300):
            parent = conversation if n % 3 else None
            comment = make_comment(
                article=article,
                parent=parent,
                email=f"reader{n % 37}@example.org",
                body=f"Comment {n}, with a link https://example.org/{n}\nand a second line.",
            )
            conversation = comment if parent is None else conversation
    return article


def measure(url: str, *, cold: bool, runs: int = 60) -> tuple[float, float]:
    client = Client()
    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), min(timings)


def dummy_rate(url: str, *, runs: int = 60) -> tuple[float, float, int]:
    """Requests/s of the page with every cache off, the CPU milliseconds this process spends
    on one (what a loaded machine disturbs least), and its SQL per view."""
    from django.db import connection

    client = Client()
    client.get(url)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        assert client.get(url).status_code == 200
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return 1 / statistics.median(timings), statistics.median(cpu) * 1000, len(queries)


if __name__ == "__main__":
    url = seed().get_absolute_url()
    if DUMMY:
        rate, cpu, statements = dummy_rate(url)
        sys.stdout.write(
            f"every cache off: {rate:.1f} requests/s, {cpu:.1f} ms of CPU, "
            f"{statements} SQL per view\n"
        )
        sys.exit()
    for state in ("cold", "warm"):
        median, best = measure(url, cold=state == "cold")
        sys.stdout.write(f"{state}: median {median:.1f} ms, best {best:.1f} ms\n")
