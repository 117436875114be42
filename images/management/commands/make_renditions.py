from django.core.management.base import BaseCommand

from images.models import Image
from images.renditions import image_renditions_store


class Command(BaseCommand):
    help = (
        "Make the renditions of library images that have none (images moved in from older "
        "uploads, or a worker that was not running); --all makes every image's again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="remake every image's renditions")

    def handle(self, *args, **options):
        images = Image.objects.all() if options["all"] else Image.objects.filter(renditions={})
        count = 0
        for image in images.iterator():
            image_renditions_store(image=image)
            count += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"{image}: done")
        self.stdout.write(self.style.SUCCESS(f"Renditions made for {count} image(s)."))
