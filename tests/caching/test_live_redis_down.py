"""A dead Redis does not take the site down behind Varnish: real varnishd, gunicorn, Redis.

Varnish's probe asks `/readyz` (the database alone), so when Redis dies the app server stays
healthy in Varnish's eyes and serves uncached: cached and uncached pages, a comment post and
the admin all answer, none with a 5xx. One stack for the module, one test walking through it.
"""

import time

import httpx
import pytest

from tests.caching.servers import gunicorn, redis_server, site_env, varnishd
from tests.comments.conftest import form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Long enough for Varnish's probe (every second, 2 bad of the last 3 mark a backend sick)
# to have judged the app several times with Redis gone.
PROBE_SECONDS = 5


def test_with_redis_killed_every_kind_of_request_answers_through_varnish(
    database_url, static_root, tmp_path
):
    article = make_article(title="Still here", comments_enabled=True)
    other = make_article(title="Never cached")
    with redis_server(tmp_path) as (redis_port, kill_redis):
        env = site_env(
            database_url,
            STATIC_ROOT=str(static_root),
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            PAGE_CACHE_SECONDS="3600",
            COMMENTS_MODERATION="none",
        )
        with gunicorn(env, tmp_path=tmp_path) as app, varnishd(app.port, tmp_path) as front:
            page = front + article.get_absolute_url()
            httpx.get(page)
            assert httpx.get(page).headers["X-Varnish-Cache"] == "HIT"
            assert httpx.get(front + "/healthz").status_code == 200

            kill_redis()
            assert httpx.get(app.url + "/healthz").status_code == 503  # operators are told
            assert httpx.get(app.url + "/readyz").status_code == 200

            answers = []
            deadline = time.monotonic() + PROBE_SECONDS
            while time.monotonic() < deadline:
                answers.append(httpx.get(front + other.get_absolute_url()).status_code)
            cached = httpx.get(page)
            search = httpx.get(front + "/search/?q=still")
            admin = httpx.get(front + "/admin/login/")
            posted = httpx.post(
                front + "/comments/post/",
                data=form_data(article, body="Posted while Redis was down."),
                headers={"Origin": front},
            )
            after = httpx.get(app.url + article.get_absolute_url())  # the app's own answer

    assert set(answers) == {200}, answers
    assert cached.status_code == 200 and "Still here" in cached.text
    assert search.status_code == 200 and "Still here" in search.text
    assert admin.status_code == 200 and 'name="username"' in admin.text
    assert posted.status_code == 302, posted.text[:500]
    assert after.status_code == 200 and "Posted while Redis was down." in after.text
