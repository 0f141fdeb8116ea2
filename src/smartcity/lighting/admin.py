"""Admin of the street lighting module (OwnedAdminMixin keeps the permission rule)."""
