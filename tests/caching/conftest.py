import pytest


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on, as in production (the rest of the suite measures views)."""
    settings.PAGE_CACHE_SECONDS = 3600
    settings.HTTP_CACHE_PURGE_URLS = []


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and what follows its commit (the purge), as a real request would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run
