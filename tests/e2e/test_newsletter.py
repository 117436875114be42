import re
import urllib.request
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from newsletter import links
from newsletter.models import Subscriber
from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_coin, make_quote, make_subscriber
from tickers.models import Coin


@pytest.fixture(autouse=True)
def _quick_policy(settings, live_server):
    # A test types faster than a person: the render-time rule is tested on its own.
    settings.NEWSLETTER_MIN_SECONDS_TO_SUBMIT = 0
    settings.NEWSLETTER_RATE_LIMIT = "100/m"
    settings.SITE_URL = live_server.url


def prices():
    for symbol, name, price, change in [
        ("BTC", "Bitcoin", "97234.5", "2.14"),
        ("ETH", "Ether", "3567.12", "-1.05"),
        ("SOL", "Solana", "231.4", "4.9"),
        ("DOGE", "Dogecoin", "0.4123", "-12.3"),
    ]:
        coin = Coin.objects.filter(symbol=symbol).first() or make_coin(symbol=symbol, name=name)
        make_quote(coin, price=Decimal(price), change_24h=Decimal(change))


def test_a_reader_subscribes_confirms_gets_the_digest_and_leaves_in_one_click(
    page, smtp_server, run_tasks
):
    article = make_article(
        title="Agents learn to pay their own way",
        publish_at=timezone.now() - timedelta(hours=2),
    )
    page.goto(article.get_absolute_url())
    band = page.locator(".newsletter-band")
    height = band.bounding_box()["height"]

    box = page.locator("form.newsletter-form--box")
    box.get_by_label("Email address").fill("ada@example.org")
    box.get_by_role("button", name="Subscribe").click()
    box.locator(".newsletter-form__status", has_text="Check your inbox").wait_for()
    assert page.url.endswith(article.get_absolute_url())  # answered in place
    assert band.bounding_box()["height"] == height

    run_tasks()
    [confirmation] = smtp_server.to("ada@example.org")
    text = confirmation.get_body(("plain",)).get_content()
    confirm = re.search(r"http://\S+/newsletter/confirm/\S+/", text).group(0)
    page.goto(confirm)
    assert page.inner_text("h1") == "Confirm your subscription"  # a GET only asks
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.wait_for_url(confirm)
    assert page.inner_text("h1") == "You are subscribed"
    assert_accessible(page)

    call_command("send_digest", verbosity=0)
    run_tasks()
    [digest] = [m for m in smtp_server.to("ada@example.org") if m is not confirmation]
    assert "Agents learn to pay their own way" in digest.get_body(("html",)).get_content()

    # The mail provider's one-click unsubscribe: a bare POST from its servers (RFC 8058).
    url = digest["List-Unsubscribe"].strip().strip("<>")
    request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    assert Subscriber.objects.get().status == "unsubscribed"

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        make_article(title="The next day", publish_at=timezone.now() - timedelta(hours=1))
        call_command("send_digest", verbosity=0)
        run_tasks()
    assert len(smtp_server.to("ada@example.org")) == 2  # the confirmation and one digest


def test_signing_up_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    band = page.locator("form.newsletter-form--band")
    band.locator("input[name=email]").fill("bob@example.org")
    band.locator("button[type=submit]").click()
    page.wait_for_url("**/newsletter/check-your-inbox/")
    assert page.inner_text("h1") == "Check your inbox"
    assert Subscriber.objects.get().email == "bob@example.org"


def test_a_typo_is_shown_at_the_field_with_javascript(page):
    page.goto("/newsletter/")
    form = page.locator("form.newsletter-form--page")
    form.locator("input[name=email]").fill("ada@example")
    form.locator("button[type=submit]").click()
    form.locator(".newsletter-form__status", has_text="name@example.com").wait_for()
    assert form.locator("input[name=email]").get_attribute("aria-invalid") == "true"
    assert form.locator("input[name=email]").input_value() == "ada@example"


def signed_for(url: str, route: str, purpose: str):
    """The subscriber a signed link of ours (`/newsletter/<route>/<token>/`) was made for."""
    match = re.fullmatch(rf"http://[^/]+/newsletter/{route}/([^/]+)/", url)
    return match and links.subscriber_from_token(match.group(1), purpose=purpose)


def assert_fits(page):
    """Nothing runs past the right edge: no sideways scrolling on a phone."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than the screen at {page.url}"


def assert_in_view(locator, page):
    box = locator.bounding_box()
    assert locator.is_visible() and box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_newsletter_pages_and_emails_read_well_at_each_width(
    new_page, screenshot, live_server, viewport, scheme
):
    from newsletter.emails import confirmation_message, digest_message
    from newsletter.services import digest_compose

    prices()
    titles = [
        "Agents learn to pay their own way",
        "Why restaking is eating the validator market",
        "Open weights, closed chains: a field guide",
    ]
    for hours, title in zip([9, 5, 2], titles, strict=True):
        make_article(title=title, publish_at=timezone.now() - timedelta(hours=hours))
    article = make_article(
        title="Stablecoins meet model APIs", publish_at=timezone.now() - timedelta(days=3)
    )
    digest = digest_compose(frequency="daily", now=timezone.now())
    digest.intro = "Three stories today, and one chart worth a look."
    digest.status = "sending"
    digest.save()
    subscriber = make_subscriber(email="ada@example.org")
    page = new_page(viewport, color_scheme=scheme)
    name = f"newsletter-{{}}-{viewport}-{scheme}"

    # Every signup form is on screen with its button, and no page scrolls sideways.
    for path, form, shot in [
        ("/", "form.newsletter-form--band", "band"),
        (article.get_absolute_url(), "form.newsletter-form--box", "box"),
        ("/newsletter/", "form.newsletter-form--page", "page"),
    ]:
        page.goto(path)
        assert_fits(page)
        assert_in_view(page.locator(f"{form} button[type=submit]"), page)
        assert page.locator(f"{form} input[name=email]").is_visible()
        if shot != "band":
            assert_accessible(page)
        screenshot(page, name.format(shot))
    page.goto(links.confirm_url(subscriber))
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, name.format("confirmed"))
    page.goto(links.unsubscribe_url(subscriber))
    assert_fits(page)
    assert "ada@example.org" in page.inner_text("main")
    assert_in_view(page.get_by_role("button", name="Unsubscribe"), page)
    screenshot(page, name.format("unsubscribe"))

    # The emails as a mail client gets them: subject, headers, links, and the layout.
    digest_mail = digest_message(digest=digest, subscriber=subscriber).message()
    confirm_mail = confirmation_message(subscriber=subscriber).message()
    assert digest_mail["Subject"] == f"Convergence daily: {titles[-1]} (+2 more)"
    assert confirm_mail["Subject"] == "Confirm your Convergence briefing subscription"
    for mail in (digest_mail, confirm_mail):
        unsubscribe = mail["List-Unsubscribe"].strip().strip("<>")
        assert signed_for(unsubscribe, "unsubscribe", "manage") == subscriber
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for label, mail, button in [
        ("email", digest_mail, None),
        ("confirm-email", confirm_mail, "Yes, send me the briefing"),
    ]:
        html = next(p for p in mail.walk() if p.get_content_type() == "text/html")
        page.goto("about:blank")  # away from the site's CSP, which forbids an email's inline styles
        page.set_content(html.get_payload(decode=True).decode())
        assert_fits(page)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        assert hrefs and all(href.startswith(live_server.url + "/") for href in hrefs), hrefs
        assert unsubscribe in hrefs  # the same link in the footer
        if button:
            link = page.get_by_role("link", name=button)
            assert_in_view(link, page)
            assert signed_for(link.get_attribute("href"), "confirm", "confirm") == subscriber
        else:
            for title in titles:
                assert_in_view(page.get_by_role("link", name=title), page)
            assert any(signed_for(href, "preferences", "manage") == subscriber for href in hrefs)
        screenshot(page, name.format(label))
