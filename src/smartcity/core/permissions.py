"""The one rule for writes, used by the admin, the UI views and the API.

Anyone may read published records. Only members of the owning organisation with the
editor role or higher may change a record; members of a coordinator organisation (the
Smart City Office) and superusers may change everything.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from rest_framework import permissions as drf_permissions

from smartcity.core.models import Organisation, Role


def _owner_id(obj_or_owner):
    if obj_or_owner is None:
        return None
    if isinstance(obj_or_owner, Organisation):
        return obj_or_owner.pk
    if isinstance(obj_or_owner, int):
        return obj_or_owner
    return getattr(obj_or_owner, "owner_id", None)


def is_coordinator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    org = getattr(user, "organisation", None)
    return bool(org and org.is_coordinator and user.has_role(Role.EDITOR))


def can_change(user, obj_or_owner) -> bool:
    """May `user` create, change or delete a record owned by this organisation?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    owner_id = _owner_id(obj_or_owner)
    return owner_id is not None and user.organisation_id == owner_id and user.has_role(Role.EDITOR)


def require_change(user, obj_or_owner) -> None:
    if not can_change(user, obj_or_owner):
        raise PermissionDenied("You may not change records of this organisation")


def can_read(user, obj) -> bool:
    if getattr(obj, "published", True):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return is_coordinator(user) or user.organisation_id == _owner_id(obj)


def visible(queryset, user):
    """Published records for everybody, plus unpublished ones of the user's organisation."""
    model = queryset.model
    if not any(f.name == "published" for f in model._meta.get_fields()):
        return queryset
    if is_coordinator(user):
        return queryset
    condition = Q(published=True)
    if getattr(user, "is_authenticated", False) and user.organisation_id:
        condition |= Q(owner_id=user.organisation_id)
    return queryset.filter(condition)


def writable_owners(user):
    """Organisations the user may create records for (used by forms and the admin)."""
    if is_coordinator(user):
        return Organisation.objects.all()
    if getattr(user, "is_authenticated", False) and user.organisation_id and user.has_role(Role.EDITOR):
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


class OwnerPermission(drf_permissions.BasePermission):
    """DRF side of the rule: reads open, writes authenticated and owner-checked."""

    message = "You may not change records of this organisation."

    def has_permission(self, request, view):
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        if request.method in drf_permissions.SAFE_METHODS:
            return can_read(request.user, obj)
        return can_change(request.user, obj)


class OwnedAdminMixin:
    """Admin side of the rule: staff see everything, change only what the rule allows."""

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return writable_owners(request.user).exists()

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = writable_owners(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        require_change(request.user, obj)
        super().save_model(request, obj, form, change)


class OwnerRequiredMixin:
    """UI side of the rule for class-based edit views: 403 unless `can_change`."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        require_change(self.request.user, obj)
        return obj
