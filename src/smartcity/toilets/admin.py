"""Admin of the smart public toilets module (OwnedAdminMixin keeps the permission rule)."""
