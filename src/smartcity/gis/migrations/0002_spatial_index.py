"""SQLite: an R*Tree of the features' bounding boxes (`gis_feature_rtree`), kept in sync by
triggers on gis_feature (insert, update of the bbox, delete), filled from the existing rows.
`spatial.features_in_bbox` uses it as a pre-filter while its triggers exist (a later table
rebuild by Django would drop them: the query then falls back to the column indexes).
PostgreSQL: nothing (the composite bbox indexes of 0001 serve the query)."""
from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS gis_feature_rtree USING rtree(id, minx, maxx, miny, maxy)",
    "INSERT OR REPLACE INTO gis_feature_rtree (id, minx, maxx, miny, maxy) SELECT id, minx, maxx, miny, maxy FROM gis_feature",
    """CREATE TRIGGER IF NOT EXISTS gis_feature_rtree_ins AFTER INSERT ON gis_feature BEGIN
        INSERT OR REPLACE INTO gis_feature_rtree (id, minx, maxx, miny, maxy) VALUES (new.id, new.minx, new.maxx, new.miny, new.maxy);
    END""",
    """CREATE TRIGGER IF NOT EXISTS gis_feature_rtree_upd AFTER UPDATE OF id, minx, maxx, miny, maxy ON gis_feature BEGIN
        DELETE FROM gis_feature_rtree WHERE id = old.id;
        INSERT OR REPLACE INTO gis_feature_rtree (id, minx, maxx, miny, maxy) VALUES (new.id, new.minx, new.maxx, new.miny, new.maxy);
    END""",
    """CREATE TRIGGER IF NOT EXISTS gis_feature_rtree_del AFTER DELETE ON gis_feature BEGIN
        DELETE FROM gis_feature_rtree WHERE id = old.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS gis_feature_rtree_ins",
    "DROP TRIGGER IF EXISTS gis_feature_rtree_upd",
    "DROP TRIGGER IF EXISTS gis_feature_rtree_del",
    "DROP TABLE IF EXISTS gis_feature_rtree",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("gis", "0001_initial")]
    operations = [migrations.RunPython(_run(SQLITE_UP), _run(SQLITE_DOWN))]
