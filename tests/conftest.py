import pytest
from django.core.cache import cache


def pytest_configure(config):
    from django.conf import settings

    # Tests read static files from the app folders; the hashed manifest is a deploy-time concern
    # checked on its own (tests/test_settings.py).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    from tests.factories import make_editor

    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_collection_modifyitems(items):
    # Browser tests need real transactions and flush the database after each test; run them
    # after the rest (their serialized rollback restores what data migrations made).
    items.sort(key=lambda item: "/e2e/" in str(item.path))
