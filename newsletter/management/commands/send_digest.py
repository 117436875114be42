from django.core.management.base import BaseCommand
from django.db import IntegrityError
from django.template.defaultfilters import pluralize
from django.utils import timezone

from newsletter.models import Delivery, Digest
from newsletter.services import digest_compose, digest_queue, digest_resume, frequencies_due


class Command(BaseCommand):
    help = (
        "Compose today's digest of the briefings published since the last one and queue one "
        "delivery per confirmed subscriber (the task worker sends them). Run daily; running it "
        "again the same day sends nothing twice and resumes an interrupted send."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Compose only, for an editor to add an intro in the admin; the next run sends.",
        )

    def handle(self, *args, draft=False, verbosity=1, **options):
        self.verbosity = verbosity
        now = timezone.now()
        for frequency in frequencies_due(on=timezone.localdate(now)):
            label = dict(Digest._meta.get_field("frequency").choices)[frequency].lower()
            digest = Digest.objects.filter(
                frequency=frequency, issue_date=timezone.localdate(now)
            ).first()
            if digest is None:
                try:
                    digest = digest_compose(frequency=frequency, now=now)
                except IntegrityError:  # another run composed it a moment ago
                    digest = Digest.objects.get(
                        frequency=frequency, issue_date=timezone.localdate(now)
                    )
            if digest is None:
                self._say(f"No briefings published since the last digest: none sent {label}.")
                continue
            if digest.status == Digest.Status.DRAFT:
                if draft:
                    self._say(f"Composed “{digest.subject}” as a draft; not sent.", success=True)
                    continue
                queued = digest_queue(digest=digest, now=now, progress=self._progress())
                self._end_progress()
                self._say(
                    f"Queued “{digest.subject}” ({frequency}) for {queued:,} "
                    f"subscriber{pluralize(queued)}.",
                    success=True,
                )
            else:
                left = digest_resume(digest=digest, now=now)
                sent = digest.deliveries.filter(state=Delivery.State.SENT).count()
                self._say(
                    f"Already queued today ({frequency}): {sent:,} sent, {left:,} still queued; "
                    "nothing queued twice."
                )

        # A digest of an earlier day whose workers all died: its readers still get it.
        unfinished = (
            Digest.objects.filter(
                status=Digest.Status.SENDING,
                deliveries__state__in=[Delivery.State.QUEUED, Delivery.State.SENDING],
            )
            .exclude(issue_date=timezone.localdate(now))
            .distinct()
        )
        for digest in unfinished:
            left = digest_resume(digest=digest, now=now)
            self._say(f"Resumed “{digest.subject}” of {digest.issue_date}: {left:,} still queued.")

    def _say(self, text, success=False):
        if self.verbosity:
            self.stdout.write(self.style.SUCCESS(text) if success else text)

    def _progress(self):
        """A bar on a terminal; nothing in between otherwise (cron mails one summary line)."""
        if not (self.verbosity and self.stdout.isatty()):
            return None

        def show(done, total):
            filled = int(30 * done / total) if total else 30
            bar = "█" * filled + "·" * (30 - filled)
            self.stdout.write(f"\r{bar} {done:,}/{total:,}", ending="")
            self.stdout.flush()

        self._bar = True
        return show

    def _end_progress(self):
        if getattr(self, "_bar", False):
            self.stdout.write("")
            self._bar = False
