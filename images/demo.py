"""Demo pictures for seed_demo, drawn here with Pillow (no downloads), stored in the library with
their renditions made at once: a command, not a page view, may do that work itself.

This app has no `seed()` of its own: articles/demo.py asks for these when it seeds briefings.
"""

import io
import math
import random

from PIL import Image as Pillow
from PIL import ImageDraw

from .models import Image
from .renditions import image_renditions_store
from .services import image_create_from_bytes

# key: (alt text, caption, palette, seed); the alt text finds the image again on a second run.
DEMO_IMAGES = {
    "network": (
        "Glowing nodes joined by thin lines on a deep blue field, like a map of a network",
        "Agents and the accounts they act for form a graph of keys and permissions.",
        ("#141a3a", "#3b3bd6", "#16a394", "#e8e6e1"),
        7,
    ),
    "blocks": (
        "Stacked translucent blocks in teal and violet rising to the right",
        "Blocks of shared security, rented by services that could not afford their own.",
        ("#10221f", "#16a394", "#9c9cff", "#f4f1ea"),
        11,
    ),
    "chips": (
        "A grid of square chips, a few of them lit in amber",
        "Compute sold by the hour: most chips idle, a few at work.",
        ("#1b1d21", "#5b6270", "#ff9f1c", "#fbfaf7"),
        23,
    ),
    "waves": (
        "Soft overlapping waves in indigo and sea green at dusk",
        "Market depth, drawn as waves: calm on top, currents below.",
        ("#1e1b3a", "#3b3bd6", "#0a7a3e", "#ecebff"),
        42,
    ),
}
SIZE = (1600, 1000)


def demo_images() -> dict[str, Image]:
    """The demo pictures by key, drawn, stored and rendered the first time."""
    found = {}
    for key, (alt, caption, palette, seed) in DEMO_IMAGES.items():
        image = Image.objects.filter(alt=alt).first()
        if image is None:
            image = image_create_from_bytes(
                data=_drawn(key, palette, seed),
                alt=alt,
                caption=caption,
                credit="Illustration: Convergence demo",
                focal_x=0.6,
                focal_y=0.45,
            )
        if not image.renditions:
            image_renditions_store(image=image)
        found[key] = image
    return found


def _drawn(key: str, palette, seed: int) -> bytes:
    rng = random.Random(seed)
    background, first, second, light = palette
    picture = Pillow.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(picture, "RGBA")
    width, height = SIZE
    # A soft diagonal glow.
    for step in range(0, width + height, 8):
        alpha = int(60 * (1 - step / (width + height)))
        draw.line([(step, 0), (0, step)], fill=_rgba(first, alpha), width=8)
    if key == "network":
        nodes = [(rng.randint(60, width - 60), rng.randint(60, height - 60)) for _ in range(38)]
        for a in nodes:
            for b in nodes:
                if a < b and math.dist(a, b) < 330:
                    draw.line([a, b], fill=_rgba(second, 110), width=3)
        for x, y in nodes:
            r = rng.randint(8, 22)
            draw.ellipse([x - r * 2, y - r * 2, x + r * 2, y + r * 2], fill=_rgba(second, 40))
            draw.ellipse([x - r, y - r, x + r, y + r], fill=_rgba(light, 230))
    elif key == "blocks":
        for i in range(14):
            x = 120 + i * 100
            top = height - 140 - i * 52 - rng.randint(0, 60)
            colour = first if i % 2 else second
            draw.rounded_rectangle([x, top, x + 170, height - 90], 18, fill=_rgba(colour, 150))
            draw.rounded_rectangle([x, top, x + 170, top + 24], 10, fill=_rgba(light, 120))
    elif key == "chips":
        cell = 110
        for row in range(1, height // cell - 1):
            for column in range(1, width // cell - 1):
                x, y = column * cell, row * cell
                lit = rng.random() < 0.12
                draw.rounded_rectangle(
                    [x + 12, y + 12, x + cell - 12, y + cell - 12],
                    12,
                    fill=_rgba(second if lit else first, 230 if lit else 120),
                )
    else:
        for layer in range(9):
            base = 260 + layer * 80
            amplitude = 50 + layer * 8
            points = [
                (x, base + amplitude * math.sin(x / (140 + layer * 25) + layer))
                for x in range(0, width + 20, 20)
            ]
            colour = first if layer % 2 else second
            draw.polygon([*points, (width, height), (0, height)], fill=_rgba(colour, 70))
    draw.ellipse([width * 0.56, height * 0.3, width * 0.64, height * 0.43], fill=_rgba(light, 90))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _rgba(colour: str, alpha: int) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), alpha)
