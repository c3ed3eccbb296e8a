"""Default mapping rules added later (批示 by level, 理论文章, 报道次数, 稿件采用, 信息期数, 评优):
added to an existing database by name; rows already there (or edited in admin) are kept."""

from django.db import migrations


def add(apps, schema_editor):
    from zongjie.imports.defaults import ADDED_IN_0003, DEFAULT_MAPPINGS

    MetricMapping = apps.get_model("imports", "MetricMapping")
    have = set(MetricMapping.objects.values_list("name", flat=True))
    rows = [r for r in DEFAULT_MAPPINGS if r["name"] in ADDED_IN_0003 and r["name"] not in have]
    MetricMapping.objects.bulk_create([MetricMapping(**row) for row in rows])


def remove(apps, schema_editor):
    from zongjie.imports.defaults import ADDED_IN_0003

    apps.get_model("imports", "MetricMapping").objects.filter(name__in=ADDED_IN_0003).delete()


class Migration(migrations.Migration):
    dependencies = [("imports", "0002_default_mappings")]

    operations = [migrations.RunPython(add, remove)]
