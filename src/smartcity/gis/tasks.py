"""Background jobs of the GIS (Huey)."""
