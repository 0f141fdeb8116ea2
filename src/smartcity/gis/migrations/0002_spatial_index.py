"""SQLite: an R*Tree of the features' bounding boxes (`gis_feature_rtree`), kept in sync by
triggers on gis_feature (insert, update of the bbox, delete), filled from the existing rows.
`spatial.features_in_bbox` uses it as a pre-filter while its triggers exist (a later table
rebuild by Django would drop them: the query then falls back to the column indexes).
PostgreSQL: a GiST index on the bbox as a `box` expression (`gis_feature_bbox_gist`), used by
the `&&` overlap test `spatial.features_in_bbox` adds while the index exists."""
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


PG_UP = ["CREATE INDEX IF NOT EXISTS gis_feature_bbox_gist ON gis_feature USING gist (box(point(minx, miny), point(maxx, maxy)))"]
PG_DOWN = ["DROP INDEX IF EXISTS gis_feature_bbox_gist"]


def _run(sqlite, postgresql):
    def run(apps, schema_editor):
        for sql in {"sqlite": sqlite, "postgresql": postgresql}.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("gis", "0001_initial")]
    operations = [migrations.RunPython(_run(SQLITE_UP, PG_UP), _run(SQLITE_DOWN, PG_DOWN))]
