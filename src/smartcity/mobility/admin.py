"""Admin of the mobility app (feeds, vehicles, projects); the staff pages are the main UI."""
