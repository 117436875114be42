"""The price strip spliced into every cached page (`core/pagecache.py`, `Fragment`).

The strip is not part of a stored page: `base.html` marks it with `<!--ticker-->`, the page
cache keeps a placeholder there and puts the current strip into every response (or, for
Varnish, an ESI include of `/esi/ticker/`). A price refresh therefore purges no page, only
the strip (key `tickers`), and no page shows older prices than the one before it.
"""

from django.conf import settings
from django.template.loader import render_to_string

from core import pagecache

from .selectors import ticker_strip


def strip_render() -> tuple[bytes, float | None]:
    strip = ticker_strip()
    html = render_to_string("tickers/ticker.html", strip).encode()
    return html, strip["as_of"].timestamp() if strip["as_of"] else None


STRIP = pagecache.Fragment(
    name="ticker",
    render=strip_render,
    keys=("tickers",),
    esi_url="/esi/ticker/",
    # The strip turns "delayed" with time alone; Varnish keeps it as long (README "Caching").
    seconds=settings.TICKER_JSON_MAX_AGE,
)


def ticker_esi(request):
    """`/esi/ticker/`: the strip alone, for Varnish to include in the pages it caches."""
    return pagecache.fragment_response(STRIP)
