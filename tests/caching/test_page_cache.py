"""The anonymous page cache through Django's test client: what is stored, served and purged."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuthorProfile
from comments.models import Comment
from comments.services import comments_moderate
from core.pagecache import _entry_for
from tests.factories import (
    make_article,
    make_comment,
    make_editor,
    make_placement,
    make_quote,
    make_user,
)
from tickers.models import Coin
from tickers.selectors import ticker_cache_refresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def status(client, url, **kwargs):
    """HIT, MISS or BYPASS: what the page cache did with this request."""
    return client.get(url, **kwargs).get("X-Cache", "NONE")


def test_the_second_reader_gets_the_page_from_the_cache_without_a_query(
    client, django_assert_num_queries
):
    article = make_article(title="Cached once", tags=["Layer 2"])
    first = client.get(article.get_absolute_url())
    assert first["X-Cache"] == "MISS"

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "Cached once" in second.content.decode()
    assert f"article:{article.pk}" in second["xkey"].split()
    assert "s-maxage=" in second["Cache-Control"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_reader_with_the_page_gets_304_by_etag_or_date(client, django_assert_num_queries):
    url = make_article().get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(0):
        by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
        by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""


@pytest.mark.parametrize(
    "cookie",
    [
        "sessionid",
        "messages",
        "comments_pending",
        "comments_author",
        "comments_edit_12",
        "newsletter_email",
    ],
)
def test_a_reader_carrying_a_personal_cookie_is_never_served_or_stored(client, cookie):
    url = make_article().get_absolute_url()
    client.get(url)  # stored for anonymous readers

    client.cookies[cookie] = "anything"
    response = client.get(url)
    assert response["X-Cache"] == "BYPASS"
    assert response["Cache-Control"].startswith("private")

    del client.cookies[cookie]
    client.cookies.clear()
    assert status(client, url) == "HIT"


def test_a_visitors_held_comment_is_not_stored_for_anyone_else(client):
    article = make_article(comments_enabled=True)
    from tests.comments.conftest import form_data

    response = client.post(reverse("comments:post"), form_data(article, body="Only mine to see"))
    assert response.status_code == 302
    assert "Only mine to see" in client.get(article.get_absolute_url()).content.decode()

    client.cookies.clear()
    anonymous = client.get(article.get_absolute_url())
    assert "Only mine to see" not in anonymous.content.decode()
    assert anonymous["X-Cache"] == "MISS"


def test_an_editors_preview_is_never_stored(client):
    draft = make_article(status=Article.Status.DRAFT, title="Not out yet")
    client.force_login(make_editor())
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and preview["X-Cache"] == "BYPASS"
    assert "no-store" in preview["Cache-Control"]

    client.logout()
    client.cookies.clear()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_public_pages_carry_no_csrf_token(client):
    response = client.get(make_article(comments_enabled=True).get_absolute_url())
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.set_cookie("seen", "1"),
        lambda r: r.__setitem__("Cache-Control", "private"),
        lambda r: r.__setitem__("Cache-Control", "no-store"),
        lambda r: r.__setitem__("Vary", "Accept-Language"),
        lambda r: setattr(r, "status_code", 404),
    ],
    ids=["sets a cookie", "private", "no-store", "varies by language", "not found"],
)
def test_responses_that_must_not_be_shared_are_not_stored(rf, change):
    response = HttpResponse("<p>page</p>")
    change(response)
    assert _entry_for(rf.get("/"), response, name="articles:list", started=0.0) is None


def test_other_query_parameters_get_the_page_uncached(client):
    make_article()
    assert status(client, "/?q=x") == "BYPASS"
    assert status(client, "/?page=01") == "BYPASS"
    assert status(client, "/?page=1") == "MISS"
    assert status(client, "/?page=1") == "HIT"


# --- Exact purges --------------------------------------------------------------------------


@pytest.fixture
def site():
    """Two briefings in different sections, with different tags and authors, and their pages."""
    a = make_article(title="Alpha", tags=["Rollups"])
    b = make_article(title="Bravo", tags=["Oracles"])
    AuthorProfile.objects.create(user=a.author, bio="Writes about rollups.")
    pages = {
        "home": "/",
        "a": a.get_absolute_url(),
        "b": b.get_absolute_url(),
        "tag a": "/tags/rollups/",
        "tag b": "/tags/oracles/",
        "section a": a.section.get_absolute_url(),
        "section b": b.section.get_absolute_url(),
        "author a": reverse("articles:author", kwargs={"username": a.author.username}),
        "author b": reverse("articles:author", kwargs={"username": b.author.username}),
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
    }
    return a, b, pages


def purged_after(client, pages, change) -> set[str]:
    """The pages a change purged. Time moves on past the purge: a page rendered within a second
    of one is re-rendered rather than trusted (core/pagecache.py, CLOCK_SKEW_SECONDS)."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for url in pages.values():
            assert client.get(url).status_code == 200
        clock.shift(timedelta(seconds=2))
        for url in pages.values():
            assert client.get(url).status_code == 200
            assert status(client, url) == "HIT"
        change()
        clock.shift(timedelta(seconds=2))
        return {name for name, url in pages.items() if status(client, url) != "HIT"}


EVERYTHING_ABOUT_A = {"home", "a", "tag a", "section a", "author a", "feed", "sitemap"}


def test_editing_a_briefing_purges_the_pages_that_show_it_and_only_those(client, site, committed):
    a, _, pages = site

    def edit():
        a.title = "Alpha, revised"
        a.save()

    assert purged_after(client, pages, lambda: committed(edit)) == EVERYTHING_ABOUT_A
    assert "Alpha, revised" in client.get(pages["a"]).content.decode()


def test_unpublishing_a_briefing_purges_its_pages(client, site, committed):
    a, _, pages = site

    def unpublish():
        a.status = Article.Status.DRAFT
        a.save()

    assert purged_after(client, pages, lambda: committed(unpublish)) == EVERYTHING_ABOUT_A
    assert client.get(pages["a"]).status_code == 404


def test_publishing_a_briefing_purges_the_lists_it_joins(client, site, committed):
    a, _, pages = site

    def publish():
        make_article(title="Charlie", section=a.section, author=a.author, tags=["Rollups"])

    # Alpha's page lists related briefings by tag: Charlie may join it.
    assert purged_after(client, pages, lambda: committed(publish)) == EVERYTHING_ABOUT_A
    assert "Charlie" in client.get("/").content.decode()


def test_approving_a_comment_purges_its_thread_and_the_lists_counting_it(client, site, committed):
    _, b, pages = site
    held = make_comment(article=b, status=Comment.Status.PENDING, body="Worth the wait")

    def approve():
        comments_moderate(comments=[held], status=Comment.Status.APPROVED)

    assert purged_after(client, pages, lambda: committed(approve)) == {
        "home",
        "b",
        "tag b",
        "section b",
        "author b",
    }
    assert "Worth the wait" in client.get(pages["b"]).content.decode()


@pytest.mark.parametrize("status_", [Comment.Status.SPAM, Comment.Status.REMOVED])
def test_removing_or_marking_spam_purges_the_thread(client, site, committed, status_):
    _, b, pages = site
    shown = make_comment(article=b, body="Buy my coin")
    assert "Buy my coin" in client.get(pages["b"]).content.decode()

    def moderate():
        comments_moderate(comments=[shown], status=status_)

    assert "b" in purged_after(client, pages, lambda: committed(moderate))
    assert "Buy my coin" not in client.get(pages["b"]).content.decode()


def test_a_comment_held_for_moderation_purges_nothing(client, site, committed):
    _, b, pages = site

    def hold():
        make_comment(article=b, status=Comment.Status.PENDING)

    assert purged_after(client, pages, lambda: committed(hold)) == set()


def test_editing_an_approved_comment_in_the_admin_purges_its_thread(client, site, committed):
    _, b, pages = site
    comment = make_comment(article=b, body="Frist")

    def edit():
        comment.body = "First"
        comment.save()

    assert purged_after(client, pages, lambda: committed(edit)) == {"b"}


def test_renaming_a_tag_purges_the_pages_showing_it(client, site, committed):
    a, _, pages = site
    tag = a.tags.get()

    def rename():
        tag.name = "Rollups and L2s"
        tag.save()

    assert purged_after(client, pages, lambda: committed(rename)) == EVERYTHING_ABOUT_A


def test_renaming_a_section_purges_every_page_with_the_navigation(client, site, committed):
    a, _, pages = site

    def rename():
        a.section.name = "Markets"
        a.section.save()

    assert purged_after(client, pages, lambda: committed(rename)) == set(pages)


def test_editing_an_author_bio_purges_only_their_page(client, site, committed):
    a, _, pages = site

    def edit():
        profile = a.author.author_profile
        profile.bio = "Now writes about oracles too."
        profile.save()

    assert purged_after(client, pages, lambda: committed(edit)) == {"author a"}
    assert "oracles too" in client.get(pages["author a"]).content.decode()


def test_a_scheduled_briefing_appears_on_time_without_any_job(client, committed):
    make_article(title="Already out")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        committed(make_article, title="At noon", publish_at=timezone.now() + timedelta(seconds=90))
        clock.shift(timedelta(seconds=2))

        response = client.get("/")
        assert "At noon" not in response.content.decode()
        assert 0 < int(response["Cache-Control"].split("s-maxage=")[1]) <= 88
        assert status(client, "/") == "HIT"

        clock.shift(timedelta(seconds=89))
        response = client.get("/")

    assert response["X-Cache"] == "MISS"
    assert "At noon" in response.content.decode()


def refresh_prices(committed, price, *, later=1):
    """A price refresh as the scheduled command stores it: quotes, then its record."""
    from tickers.models import PriceRefresh

    def refresh():
        btc = Coin.objects.get(symbol="BTC")
        make_quote(btc, price=Decimal(price), as_of=timezone.now() + timedelta(seconds=later))
        PriceRefresh.objects.create(provider="demo", stored=1)

    committed(refresh)
    ticker_cache_refresh()


def test_a_price_refresh_shows_on_cached_pages_without_purging_them(client, committed):
    url = make_article().get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        refresh_prices(committed, "61000")
        clock.shift(timedelta(seconds=2))
        assert "61,000" in client.get(url).content.decode()

        refresh_prices(committed, "64321", later=2)
        clock.shift(timedelta(seconds=2))
        response = client.get(url)

    assert response["X-Cache"] == "HIT"
    html = response.content.decode()
    assert "64,321" in html and "61,000" not in html


def test_a_new_price_changes_the_etag_so_browsers_get_it(client, committed):
    url = make_article().get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        refresh_prices(committed, "61000")
        clock.shift(timedelta(seconds=2))
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304

        refresh_prices(committed, "62000", later=2)
        clock.shift(timedelta(seconds=2))
        assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_varnish_gets_an_esi_include_instead_of_the_strip(client, settings):
    url = make_article().get_absolute_url()
    response = client.get(url, headers={"surrogate-capability": 'varnish="ESI/1.0"'})
    html = response.content.decode()
    assert '<esi:include src="/esi/ticker/"/>' in html
    assert 'id="ticker"' not in html
    assert response["Surrogate-Control"] == 'content="ESI/1.0"'
    assert response["X-Strip-Max-Age"] == str(settings.TICKER_JSON_MAX_AGE)

    strip = client.get("/esi/ticker/")
    assert 'class="ticker' in strip.content.decode()
    # Its prices and its sponsor link (and the keys every HTML page carries).
    assert {"tickers", "sponsors"} <= set(strip["xkey"].split())


def test_the_coin_page_is_purged_by_a_price_refresh(client, committed):
    from tickers.models import PriceRefresh

    assert status(client, "/tickers/btc/") == "MISS"
    assert status(client, "/tickers/btc/") == "HIT"
    committed(PriceRefresh.objects.create, provider="demo", stored=17)
    assert status(client, "/tickers/btc/") == "MISS"


def test_logins_do_not_purge(client, site, committed):
    _, _, pages = site
    user = make_user()
    assert (
        purged_after(client, pages, lambda: committed(client.force_login, user) or client.logout())
        == set()
    )


def test_booking_a_placement_purges_the_pages_showing_sponsors(client, site, committed):
    _, _, pages = site
    html_pages = {name: url for name, url in pages.items() if name not in {"feed", "sitemap"}}

    def book():
        make_placement(headline="Audited restaking vaults")

    assert purged_after(client, pages, lambda: committed(book)) == set(html_pages)
    assert "Audited restaking vaults" in client.get(pages["a"]).content.decode()


def test_a_placement_starting_tomorrow_bounds_how_long_pages_are_kept(client, committed):
    late = timezone.make_aware(datetime.combine(timezone.localdate(), time(23, 30)))
    with time_machine.travel(late, tick=False):
        make_article(title="Already out")
        tomorrow = timezone.localdate() + timedelta(days=1)
        committed(make_placement, starts_on=tomorrow, headline="From tomorrow")
        response = client.get("/")
    # Half an hour to midnight, when the placement starts: not the usual hour.
    assert 0 < int(response["Cache-Control"].split("s-maxage=")[1]) <= 30 * 60


def test_a_placement_booked_for_the_price_strip_shows_on_the_next_page(client, committed):
    make_quote(Coin.objects.get(symbol="BTC"))
    ticker_cache_refresh()
    url = make_article().get_absolute_url()
    assert "Sponsored" not in client.get(url).content.decode().split("</section>")[0]

    committed(make_placement, headline="Inference by the second", runs_in_ticker=True)

    strip = client.get(url).content.decode().split("</section>")[0]
    assert "Inference by the second" in strip
