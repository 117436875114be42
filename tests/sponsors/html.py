"""Reading a rendered page as a reader would, with Django's own test HTML parser."""

from django.test.html import Element, parse_html


class Node:
    def __init__(self, element: Element):
        self.element = element
        self.name = element.name
        self.attrs = dict(element.attributes)

    def __getitem__(self, name):
        return self.attrs[name]

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def rel(self) -> set[str]:
        return set((self.attrs.get("rel") or "").split())

    @property
    def children(self) -> list["Node"]:
        return [Node(child) for child in self.element.children if isinstance(child, Element)]

    def text(self) -> str:
        parts = []

        def walk(element):
            for child in element.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self.element)
        return " ".join(" ".join(parts).split())

    def matches(self, name: str | None, cls: str | None) -> bool:
        return (name is None or self.name == name) and (cls is None or cls in self.classes)

    def find_all(self, name: str | None = None, cls: str | None = None) -> list["Node"]:
        """Descendants matching the tag name and/or class, in document order."""
        found = []

        def walk(element):
            for child in element.children:
                if isinstance(child, Element):
                    node = Node(child)
                    if node.matches(name, cls):
                        found.append(node)
                    walk(child)

        walk(self.element)
        return found

    def find(self, name: str | None = None, cls: str | None = None) -> "Node | None":
        found = self.find_all(name, cls)
        return found[0] if found else None


def page(response_or_html) -> Node:
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    # A fragment with a single top element parses to that element: wrap it to search it too.
    return Node(parse_html(f"<div>{html}</div>"))
