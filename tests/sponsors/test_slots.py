"""The four slots as readers see them: labelled, no script, our own click link, one at most."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_articles, make_placement, make_quote
from tickers.models import Coin

from .conftest import png
from .html import page as soup

pytestmark = pytest.mark.django_db


def render(source):
    return Template("{% load sponsors %}" + source).render(Context())


def assert_labelled_placement(element, placement):
    assert element is not None
    assert "sponsor" in element.classes
    assert "Sponsored" in element.text() and placement.sponsor_name in element.text()
    links = element.find_all("a")
    assert links and all(a["href"] == f"/sponsors/{placement.pk}/go/" for a in links)
    assert all({"sponsored", "noopener"} <= a.rel for a in links)
    assert not element.find_all("script") and not element.find_all("iframe")


def test_under_a_briefing_readers_see_the_placement_labelled(client):
    placement = make_placement(sponsor_name="Lattice Labs", headline="Private inference")
    article = make_article()

    page = soup(client.get(article.get_absolute_url()))

    [element] = page.find_all(cls="sponsor")
    assert_labelled_placement(element, placement)
    assert "Private inference" in element.text()
    assert not page.find_all(cls="sponsor-house")


def test_with_nothing_booked_the_briefing_invites_businesses(client):
    article = make_article()

    page = soup(client.get(article.get_absolute_url()))

    assert not page.find_all(cls="sponsor")
    house = page.find(cls="sponsor-house")
    assert "For businesses" in house.text()
    assert house.find("a")["href"] == "/advertise/"


def test_an_image_keeps_its_alt_text_and_reserved_size(client, media):
    placement = make_placement(image=png(160, 90), image_alt="The Lattice logo")
    article = make_article()

    img = soup(client.get(article.get_absolute_url())).find(cls="sponsor").find("img")

    assert img["src"] == placement.image.url
    assert (img["alt"], img["width"], img["height"]) == ("The Lattice logo", "160", "90")


def test_the_home_page_shows_one_placement_after_the_third_card_of_page_one(client, settings):
    settings.ARTICLES_PER_PAGE = 5
    placement = make_placement(runs_under_briefing=False)
    make_articles(8)

    page = soup(client.get("/"))
    cards = page.find(cls="cards").children
    assert [c.name for c in cards[:5]] == ["article"] * 3 + ["aside", "article"]
    assert_labelled_placement(cards[3], placement)

    assert not soup(client.get("/?page=2")).find_all(cls="sponsor")


def test_a_short_home_page_still_shows_the_placement_once(client):
    placement = make_placement()
    make_articles(2)

    [element] = soup(client.get("/")).find_all(cls="sponsor--home")
    assert_labelled_placement(element, placement)


def test_a_placement_not_booked_for_home_is_not_there(client):
    make_placement(runs_on_home=False, runs_in_ticker=False)
    make_articles(4)

    assert not soup(client.get("/")).find_all(cls="sponsor")


def test_the_ticker_strip_ends_with_one_text_link(client):
    make_quote(Coin.objects.get(symbol="BTC"), price=Decimal("61262"), as_of=timezone.now())
    placement = make_placement(runs_under_briefing=False, runs_on_home=False)

    strip = soup(client.get("/")).find("section", cls="ticker")

    [element] = strip.find_all(cls="sponsor--ticker")
    assert_labelled_placement(element, placement)
    assert not element.find_all("img")
    order = [child.classes for child in strip.children]
    assert order.index({"sponsor", "sponsor--ticker"}) > order.index({"ticker__viewport"})
    assert strip.find_all(cls="ticker-item")


def test_the_newsletter_slot_is_email_html_with_absolute_links(settings, media):
    settings.SITE_URL = "https://convergence.example"
    placement = make_placement(image=png(480, 240), image_alt="Logo", text="Try it free.")

    html = render('{% sponsor_slot "newsletter" %}')
    text = render('{% sponsor_slot "newsletter" "txt" %}')

    element = soup(html).find(cls="sponsor")
    assert "Sponsored · " + placement.sponsor_name in element.text()
    link = f"https://convergence.example/sponsors/{placement.pk}/go/"
    assert {a["href"] for a in element.find_all("a")} == {link}
    img = element.find("img")
    assert img["src"] == f"https://convergence.example{placement.image.url}"
    assert img["width"] == "240" and "style" in img.attrs
    assert 'style="' in html and "<script" not in html and 'class="' in html
    assert placement.headline in text and link in text and "Try it free." in text


def test_an_empty_newsletter_slot_renders_nothing():
    assert render('{% sponsor_slot "newsletter" %}').strip() == ""


def test_an_unknown_slot_is_a_template_error():
    with pytest.raises(ValueError, match="sidebar"):
        render('{% sponsor_slot "sidebar" %}')


@pytest.mark.parametrize("slot", ["article", "home", "ticker", "newsletter"])
def test_each_slot_costs_at_most_one_query_whatever_is_booked(
    slot, django_assert_num_queries, django_capture_on_commit_callbacks
):
    render(f'{{% sponsor_slot "{slot}" %}}')  # nothing booked: cached after one query
    for size in (1, 15):
        with django_capture_on_commit_callbacks(execute=True):  # as the admin commits them
            for _ in range(size):
                make_placement()
        with django_assert_num_queries(1):
            render(f'{{% sponsor_slot "{slot}" %}}')
        with django_assert_num_queries(0):
            render(f'{{% sponsor_slot "{slot}" %}}')


def test_the_choice_does_not_depend_on_the_reader(client, django_user_model):
    for weight in (1, 2, 3):
        make_placement(weight=weight)
    article = make_article()

    def shown(c):
        return soup(c.get(article.get_absolute_url())).find(cls="sponsor").find("a")["href"]

    anonymous = shown(client)
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 12))
    assert shown(client) == anonymous


def test_booked_placements_add_no_queries_to_a_warm_article_page(client):
    article = make_article()
    client.get(article.get_absolute_url())  # warm the strip, navigation and slot caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        return len(queries)

    baseline = count()
    for _ in range(10):
        make_placement(ends_on=timezone.localdate() + timedelta(days=3))
    count()  # the slot's one query, then cached
    assert count() == baseline


def test_all_the_slots_of_a_page_share_one_query(django_assert_num_queries):
    make_placement()
    with django_assert_num_queries(1):
        render('{% sponsor_slot "ticker" %}{% sponsor_slot "home" %}{% sponsor_slot "article" %}')
