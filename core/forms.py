"""What every public form does on a failed submit."""


class FocusFirstErrorMixin:
    def focus_first_error(self) -> None:
        """Send the reader (and their screen reader) straight to what needs fixing."""
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["autofocus"] = True
                return
