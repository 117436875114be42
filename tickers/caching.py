"""What the page cache (`core/pagecache.py`) keeps of the prices' pages, and their keys:
`coin:<SYMBOL>` and `coins` (coin pages), `tickers` (the price strip in every page)."""

from core import pagecache

from .models import Coin
from .strip import STRIP


def register() -> None:
    pagecache.fragment(STRIP)
    pagecache.pages_cacheable("tickers:detail", keys=["list"])
    pagecache.model_keys(Coin, lambda coin: [f"coin:{coin.symbol}", "coins"])
