"""Database-specific search index of the enterprise register (see migration 0003)."""
from django.db import transaction

FTS = "economy_enterprise_fts"
TABLE = "economy_enterprise"


def install_sqlite_fts(cursor) -> None:
    cursor.execute(f"DROP TRIGGER IF EXISTS {FTS}_ai")
    cursor.execute(f"DROP TRIGGER IF EXISTS {FTS}_ad")
    cursor.execute(f"DROP TRIGGER IF EXISTS {FTS}_au")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
    cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='{TABLE}', content_rowid='id', tokenize='trigram')")
    cursor.execute(f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
                   f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END")
    cursor.execute(f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
                   f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END")
    cursor.execute(f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_text ON {TABLE} BEGIN "
                   f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
                   f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END")
    cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def install_search_index(apps, schema_editor) -> None:
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            install_sqlite_fts(cursor)
        elif conn.vendor == "postgresql":
            try:
                with transaction.atomic(using=conn.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except Exception:  # no right to create extensions: search scans instead
                return
            cursor.execute(f"CREATE INDEX IF NOT EXISTS economy_ent_search_trgm ON {TABLE} USING gin (search_text gin_trgm_ops)")


def drop_search_index(apps, schema_editor) -> None:
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            for t in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{t}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        elif conn.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS economy_ent_search_trgm")
