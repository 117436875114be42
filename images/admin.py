from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html

from .forms import ImageForm
from .models import Image
from .selectors import images_search, thumbnail_url
from .services import image_create, image_update

PICKER_PAGE_SIZE = 24


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "id", "alt", "credit", "size", "ready", "markdown"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "caption", "credit"]
    readonly_fields = ["preview", "size", "markdown", "content_hash", "ready", "created_at"]
    list_per_page = 40

    class Media:
        js = ["images/focal-point.js"]
        css = {"all": ["images/admin.css"]}

    def get_fields(self, request, obj=None):
        describe = ["alt", "caption", "credit", "focal_x", "focal_y"]
        if obj is None:
            return ["upload", *describe]
        return ["preview", *describe, "markdown", "size", "ready", "content_hash", "created_at"]

    @admin.display(description="")
    def thumbnail(self, image):
        return format_html(
            '<img class="image-thumb" src="{}" alt="" width="80" height="{}">',
            thumbnail_url(image),
            round(80 * image.height / image.width) if image.width else 80,
        )

    @admin.display(description="image (click to set the focal point)")
    def preview(self, image):
        return format_html(
            '<div class="focal-preview"><img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-preview__marker" hidden></span></div>',
            thumbnail_url(image, width=800),
            image.alt,
            image.width,
            image.height,
        )

    @admin.display(description="size")
    def size(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description="renditions", boolean=True)
    def ready(self, image):
        return image.renditions_ready

    @admin.display(description="in a briefing's body")
    def markdown(self, image):
        return format_html("<code>{}</code>", image.markdown)

    def save_model(self, request, obj, form, change):
        if change:
            image_update(image=obj)
            return
        created = image_create(
            clean=form.cleaned_data["upload"],
            alt=obj.alt,
            caption=obj.caption,
            credit=obj.credit,
            focal_x=obj.focal_x,
            focal_y=obj.focal_y,
        )
        # The admin goes on with `obj` (its message, its log entry, the redirect).
        obj.pk, obj.file, obj.width, obj.height = (
            created.pk,
            created.file,
            created.width,
            created.height,
        )
        obj.content_hash, obj.created_at = created.content_hash, created.created_at

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker),
                name="images_image_picker",
            ),
            *super().get_urls(),
        ]

    def picker(self, request):
        """Library images with thumbnails, searchable and paged, each with the syntax that puts
        it in a body; the body field's script inserts it at the cursor."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "")
        page = Paginator(images_search(query), PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [(image, thumbnail_url(image)) for image in page.object_list]
        return render(
            request,
            "admin/images/picker.html",
            {
                **self.admin_site.each_context(request),
                "title": "Insert an image",
                "query": query,
                "page_obj": page,
                "rows": rows,
                "add_url": reverse("admin:images_image_add"),
            },
        )
