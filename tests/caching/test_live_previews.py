"""Preview links through a real varnishd (deploy/varnish/default.vcl) and gunicorn: never kept."""

import httpx
import pytest

from articles.models import Article
from articles.services import preview_link_create, preview_link_revoke
from tests.caching.servers import gunicorn, site_env, varnishd
from tests.factories import make_article, make_editor
from tests.ports import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def front(database_url, static_root, settings, tmp_path, page_cache):
    """Varnish's address, with gunicorn behind it running the page cache as in production."""
    env = site_env(
        database_url,
        STATIC_ROOT=str(static_root),
        CACHE_DIR=settings.CACHES["default"]["LOCATION"],
        PAGE_CACHE_SECONDS="3600",
    )
    with (
        gunicorn(env, tmp_path=tmp_path) as app,
        varnishd(app.port, tmp_path, port=free_port()) as url,
    ):
        yield url


def test_varnish_passes_every_preview_and_a_revoked_link_stops_at_once(front):
    editor = make_editor()
    draft = make_article(title="Under embargo", status=Article.Status.DRAFT)
    link, token = preview_link_create(article=draft, created_by=editor)
    url = f"{front}/preview/{token}/"

    seen = [httpx.get(url, timeout=10) for _ in range(3)]
    preview_link_revoke(link=link, revoked_by=editor)
    after = httpx.get(url, timeout=10)

    assert [response.status_code for response in seen] == [200, 200, 200]
    assert "Under embargo" in seen[-1].text
    assert {response.headers["X-Varnish-Cache"] for response in seen} == {"PASS"}
    assert "no-store" in seen[-1].headers["Cache-Control"]
    assert after.status_code == 404 and "Under embargo" not in after.text
