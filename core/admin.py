"""Admin pieces every app uses."""


class ReadOnlyAdminMixin:
    """A list to read: rows are made and changed elsewhere (services, the worker, the site),
    never added, edited or deleted from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
