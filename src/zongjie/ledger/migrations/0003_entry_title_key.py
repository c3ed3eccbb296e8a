"""Entry.title_key (normalised title for duplicate detection), backfilled, then indexed."""

from django.db import migrations, models

BATCH = 5000


def backfill(apps, schema_editor):
    from zongjie.ledger.normalise import title_key

    Entry = apps.get_model("ledger", "Entry")
    table = schema_editor.connection.ops.quote_name(Entry._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        # Most titles are their own key; one statement sets those, the loop fixes the others.
        cursor.execute(f"UPDATE {table} SET title_key = title")
        last = 0
        while True:
            rows = list(Entry.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "title")[:BATCH])
            if not rows:
                break
            last = rows[-1][0]
            changed = [(title_key(title), pk) for pk, title in rows if title_key(title) != title]
            if changed:
                cursor.executemany(f"UPDATE {table} SET title_key = %s WHERE id = %s", changed)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_default_taxonomy")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="title_key",
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name="标题比对键"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["period", "kind", "title_key"], name="ledger_entry_dup_title"),
        ),
    ]
