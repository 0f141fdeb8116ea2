"""Admin of the maintenance work orders module (OwnedAdminMixin keeps the permission rule)."""
