from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from core import abuse
from core.origin import same_origin_post

from . import selectors
from .forms import EnquiryForm
from .services import enquiry_create, placement_click


def _advertise(request, form, *, status=200):
    context = {
        "page": selectors.advertise_page(),
        "audience": selectors.audience(now=timezone.now()),
        "form": form,
    }
    return render(request, "sponsors/advertise.html", context, status=status)


@require_GET
def advertise(request):
    return _advertise(request, EnquiryForm())


@same_origin_post
@require_POST
def enquiry_post(request):
    if abuse.rate_limited("advertise", abuse.client_ip(request), rate=settings.SPONSORS_RATE_LIMIT):
        return abuse.too_many_requests(
            request,
            template="sponsors/rate_limited.html",
            retry_after=abuse.parse_rate(settings.SPONSORS_RATE_LIMIT)[1],
        )
    form = EnquiryForm(request.POST)
    if not form.is_valid():
        form.focus_first_error()
        return _advertise(request, form, status=400)
    # A bot is thanked like a person and nothing is stored or sent.
    if not form.is_bot(min_seconds=settings.SPONSORS_MIN_SECONDS_TO_POST):
        data = form.cleaned_data
        enquiry_create(
            name=data["name"],
            company=data["company"],
            email=data["email"],
            budget=data["budget"],
            message=data["message"],
        )
    return HttpResponseRedirect(reverse("sponsors:thanks"))


@require_GET
def thanks(request):
    return render(request, "sponsors/thanks.html")


@require_GET
def go(request, pk):
    """Count a click and send the reader to the placement's own link, never to one from the
    request (no open redirect). A placement deleted since the page was cached answers 404."""
    url = placement_click(placement_id=pk)
    if url is None:
        response = render(request, "sponsors/gone.html", status=404)
    else:
        response = HttpResponseRedirect(url)
    # Every click must reach us, not a cache; search engines need not follow it.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
