"""Default metric-mapping rules (zongjie.imports.defaults), so a fresh install maps the seed's figures."""

from django.db import migrations


def seed(apps, schema_editor):
    from zongjie.imports.defaults import DEFAULT_MAPPINGS

    MetricMapping = apps.get_model("imports", "MetricMapping")
    if MetricMapping.objects.exists():
        return
    MetricMapping.objects.bulk_create([MetricMapping(**row) for row in DEFAULT_MAPPINGS])


def unseed(apps, schema_editor):
    apps.get_model("imports", "MetricMapping").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
