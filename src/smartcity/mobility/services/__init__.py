"""Operations of the mobility app that touch the database (feeds, realtime, quality,
predictions, projects); the pure maths lives in gtfs/, predict, sim."""
