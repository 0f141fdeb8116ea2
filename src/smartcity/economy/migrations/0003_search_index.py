"""Substring search on the folded `search_text` without a full scan.

PostgreSQL: the pg_trgm extension and a trigram GIN index (LIKE '%word%' uses it). When the
extension cannot be created (no right to), the migration goes on without the index and
search falls back to a scan. SQLite: an external-content FTS5 table with the trigram
tokenizer (SQLite >= 3.34), kept in step by triggers on insert, update of search_text and
delete. A later migration that rebuilds the enterprise table on SQLite drops the triggers:
`economy.search_hooks` rebuilds the index after `migrate` when they are missing."""
from django.db import migrations

from smartcity.economy.migrations_support import drop_search_index, install_search_index


class Migration(migrations.Migration):

    dependencies = [("economy", "0002_shared_record")]

    operations = [migrations.RunPython(install_search_index, drop_search_index, elidable=False)]
