import time

from django.core.management.base import BaseCommand, CommandError

from tickers.providers import providers_from_settings
from tickers.services import quotes_refresh


class Command(BaseCommand):
    help = (
        "Fetch the latest quotes of all active coins and store them: one request to each "
        "provider of TICKER_PROVIDERS in turn, the next asked only for the coins the ones before "
        "could not price. Schedule it: every 5 minutes on CoinGecko's Demo plan, every minute on "
        "a paid plan (README.md, Prices). Exits non-zero when nothing was stored."
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
        providers = providers_from_settings()
        while True:
            result = quotes_refresh(providers=providers)
            failure = f"No quotes stored: {result.error or 'none valid'}."
            if verbosity >= 2:
                for quote in result.stored:
                    self.stdout.write(
                        f"{quote.coin.symbol:>5}  {quote.price}  {quote.change_24h}%  "
                        f"{quote.source}"
                    )
            if result.skipped and verbosity >= 1:
                self.stdout.write(self.style.WARNING(f"Skipped: {result.skipped_text}."))
            if result.held and verbosity >= 1:
                held = ", ".join(f"{h.coin.symbol} from {h.provider}" for h in result.held)
                self.stdout.write(self.style.WARNING(f"Held back: {held} (see the admin)."))
            if result.stored and verbosity >= 1:
                sources = sorted({quote.source for quote in result.stored})
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Stored {len(result.stored)} quote(s) from {', '.join(sources)}."
                    )
                )
            if not every:
                break
            if not result.stored:
                self.stderr.write(self.style.ERROR(failure))
            # A provider that asked for a pause (429 Retry-After) is rested by its circuit
            # breaker; the others are still asked on the next round.
            time.sleep(every)
        if not result.stored:
            raise CommandError(failure)
