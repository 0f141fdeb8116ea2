"""Writes of owned records through the API, one rule for every app: a new record belongs
to the organisation named (or the caller's own) and only if the caller may write for it;
an update may hand a record to another organisation only if the caller may change that
organisation's records too."""
from django.utils.translation import gettext as _g
from rest_framework import exceptions

from smartcity.core.permissions import can_change, writable_owners


class OwnedWriteMixin:
    """For ModelViewSets of OwnedModel records (the serializer exposes `owner`)."""

    def creation_owner(self, serializer):
        """The owner of the record `serializer` is about to create, checked."""
        user = self.request.user
        owner = serializer.validated_data.get("owner") or getattr(user, "organisation", None)
        if owner is None:
            raise exceptions.ValidationError({"owner": [exceptions.ErrorDetail(_g("Name the owner organisation."), code="required")]})
        if not writable_owners(user).filter(pk=owner.pk).exists():
            raise exceptions.PermissionDenied(_g("You may not create records for this organisation."))
        return owner

    def perform_create(self, serializer):
        serializer.save(owner=self.creation_owner(serializer))

    def perform_update(self, serializer):
        new_owner = serializer.validated_data.get("owner")
        if new_owner is not None and new_owner.pk != serializer.instance.owner_id and not can_change(self.request.user, new_owner):
            raise exceptions.PermissionDenied(_g("You may not hand records to this organisation."))
        serializer.save()
