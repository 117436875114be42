import time

from django.core.management.base import BaseCommand, CommandError

from tickers.providers import provider_from_settings
from tickers.services import quotes_refresh


class Command(BaseCommand):
    help = (
        "Fetch the latest quotes of all active coins from the configured provider "
        "(TICKER_PROVIDER) in one request and store them. Schedule it: every 5 minutes on "
        "CoinGecko's Demo plan, every minute on a paid plan (README.md, Prices). "
        "Exits non-zero when nothing was stored."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running and refresh every SECONDS (for `make run`; production uses a "
            "scheduler).",
        )

    def handle(self, *args, every=None, verbosity=1, **options):
        provider = provider_from_settings()
        while True:
            result = quotes_refresh(provider=provider)
            failure = f"No quotes stored ({provider.name}): {result.error or 'none valid'}."
            if verbosity >= 2:
                for quote in result.stored:
                    self.stdout.write(f"{quote.coin.symbol:>5}  {quote.price}  {quote.change_24h}%")
            if result.skipped and verbosity >= 1:
                self.stdout.write(self.style.WARNING(f"Skipped: {result.skipped_text}."))
            if result.stored and verbosity >= 1:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Stored {len(result.stored)} quote(s) from {provider.name}."
                    )
                )
            if not every:
                break
            if not result.stored:
                self.stderr.write(self.style.ERROR(failure))
            time.sleep(max(every, result.retry_after or 0))
        if not result.stored:
            raise CommandError(failure)
