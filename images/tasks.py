from django_tasks import task

from .models import Image
from .renditions import image_renditions_store


@task()
def image_renditions_make(*, image_id: int) -> int:
    """Renditions of one library image (queued on upload); returns how many were stored."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.renditions:  # deleted, or made meanwhile (the demo seed does)
        return 0
    image_renditions_store(image=image)
    return sum(len(widths) for widths in image.renditions.values())
