"""Briefings with the `sponsored` flag are labelled everywhere and never recommended."""

import json
import re

import pytest

from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsored():
    return make_article(
        title="Sealed GPUs explained",
        is_sponsored=True,
        sponsor_name="Lattice Compute Labs",
        tags=["confidential-compute"],
    )


def test_lists_label_a_sponsored_briefing_with_its_sponsor(client, sponsored):
    for url in ["/", sponsored.section.get_absolute_url(), "/tags/confidential-compute/"]:
        html = client.get(url).content.decode()
        assert (
            '<span class="label label--sponsored">Sponsored · Lattice Compute Labs</span>' in html
        ), url


def test_search_results_label_it_too(client, sponsored):
    html = client.get("/search/", {"q": "sealed GPUs"}).content.decode()
    assert "Sponsored · Lattice Compute Labs" in html


def test_feeds_label_the_title_and_category(client, sponsored):
    make_article(title="An editorial briefing")
    for url in ["/feed/", "/feed/atom/"]:
        xml = client.get(url).content.decode()
        assert "Sponsored: Sealed GPUs explained" in xml, url
        assert "Sponsored: An editorial briefing" not in xml
    rss = client.get("/feed/").content.decode()
    assert "<category>Sponsored</category>" in rss


def test_json_ld_names_the_sponsor(client, sponsored):
    html = client.get(sponsored.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["genre"] == "Sponsored"
    assert data["sponsor"] == {"@type": "Organization", "name": "Lattice Compute Labs"}


def test_editorial_briefings_carry_no_sponsor_in_json_ld(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '"sponsor"' not in html and '"genre"' not in html


def test_related_briefings_leave_out_sponsored_ones(client, sponsored):
    section = make_section()
    reading = make_article(section=section, tags=["confidential-compute"])
    editorial = make_article(
        title="Enclaves in practice", section=section, tags=["confidential-compute"]
    )

    response = client.get(reading.get_absolute_url())

    assert list(response.context["related_articles"]) == [editorial]
