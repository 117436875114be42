"""Reading what a reader sees out of rendered list pages."""

import re


def card_titles(response):
    """Titles of the briefing cards on a list page, in order."""
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())
