from django import template

from tickers import formatting
from tickers.selectors import source_name, ticker_strip

register = template.Library()

register.filter("price", formatting.format_price)
register.filter("change", formatting.format_change)
register.filter("direction", formatting.change_direction)
register.filter("arrow", formatting.change_arrow)
register.filter("source_name", source_name)


@register.inclusion_tag("tickers/ticker.html")
def ticker():
    """The price strip: rendered from the cache, no query when it is warm."""
    return ticker_strip()
