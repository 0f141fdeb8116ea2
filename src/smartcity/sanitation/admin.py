"""Admin of the smart bins and waste collection module (OwnedAdminMixin keeps the permission rule)."""
