import pytest

from articles.rendering import render_markdown


def test_code_blocks_are_highlighted_with_classes_the_sanitiser_keeps_and_no_inline_style():
    body = render_markdown(
        "```python\ndef fee(gas):  # wei\n    return gas * 2\n```\n\n"
        "```\nplain text\n```\n\n"
        '<span class="k evil">x</span>'
    )

    assert '<span class="k">def</span>' in body.html
    assert '<span class="nf">fee</span>' in body.html
    assert '<span class="c1"># wei</span>' in body.html
    assert '<span class="mi">2</span>' in body.html
    assert '<pre tabindex="0"><span></span><code>plain text\n</code></pre></div>' in body.html
    assert '<span class="k">x</span>' in body.html  # only Pygments' own classes survive
    assert "style=" not in body.html


def test_markdown_features_render():
    body = render_markdown(
        "# Heading one\n\n"
        "| Coin | Price |\n|---|---|\n| BTC | 1 |\n\n"
        "```python\nprint('hi')\n```\n\n"
        "A claim.[^1]\n\n[^1]: The source.\n\n"
        "- one\n- two\n\n[ENS](https://ens.domains/)"
    )

    assert '<h2 id="heading-one">Heading one</h2>' in body.html  # h1 in a body becomes a section
    assert "<table>" in body.html and "<td>BTC</td>" in body.html
    assert (
        '<div class="highlight"><pre tabindex="0"><span></span><code><span class="nb">print</span>'
        in body.html
    )
    assert 'class="footnote-ref"' in body.html and 'id="fn:1"' in body.html
    assert "<li>one</li>" in body.html
    assert '<a href="https://ens.domains/" rel="noopener noreferrer">ENS</a>' in body.html


HOSTILE_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="  javascript:alert(1)">spaced</a>',
    '<svg onload="alert(1)"><circle /></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(https://evil.example/x)">styled</p>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example/"><input name="q"></form>',
    '<object data="https://evil.example/x.swf"></object>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    '<div onclick="steal()">click</div>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<p class="ticker" id="comments">clobber</p>',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "<svg",
    "<iframe",
    "style=",
    "<style",
    "<form",
    "<input",
    "<object",
    "data:text",
    "evil.example",
    'class="ticker"',
    'id="comments"',
]


@pytest.mark.parametrize("payload", HOSTILE_PAYLOADS)
def test_hostile_html_is_sanitised_even_from_an_editor(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter").html.lower()

    for needle in FORBIDDEN:
        assert needle not in html, f"{needle!r} survived in {html!r}"
    assert "before" in html and "after" in html


def test_toc_titles_are_plain_text():
    body = render_markdown("## Fees & <em>MEV</em>\n\ntext")

    assert body.toc == [{"id": "fees-mev", "title": "Fees & MEV"}]


def test_empty_body_has_one_minute_reading_time():
    assert render_markdown("").reading_minutes == 1
