"""The Jinja2 environment of TEMPLATES' Jinja2 backend (config/settings.py), for the one
template a page renders hundreds of times over: a comment thread (comments/rendering.py)."""

import jinja2
from django.urls import reverse


def environment(**options) -> jinja2.Environment:
    options["undefined"] = jinja2.StrictUndefined  # a typo fails the tests, not the reader
    env = jinja2.Environment(trim_blocks=True, **options)
    env.globals["url"] = lambda name, *args: reverse(name, args=args)
    return env
