from django.apps import AppConfig


class SponsorsConfig(AppConfig):
    name = "sponsors"
    verbose_name = "Sponsors"

    def ready(self):
        from core import pagecache

        from . import signals  # noqa: F401  (connects the receivers)
        from .selectors import next_change_at

        # Every HTML page shows the sponsor slots, and a placement starting or ending
        # changes them with no edit to purge them.
        pagecache.keys_everywhere("sponsors")
        pagecache.scheduled_change(next_change_at)
