"""Admin of the rainwater reservoirs module (OwnedAdminMixin keeps the permission rule)."""
