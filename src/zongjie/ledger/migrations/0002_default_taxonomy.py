from django.db import migrations


def load_defaults(apps, schema_editor):
    from zongjie.ledger.defaults import CATEGORIES, OUTLETS

    Category = apps.get_model("ledger", "Category")
    Outlet = apps.get_model("ledger", "Outlet")
    for top_order, (code, name, children) in enumerate(CATEGORIES, start=1):
        top, _ = Category.objects.get_or_create(code=code, defaults={"name": name, "order": top_order * 100})
        for child_order, (child_code, child_name) in enumerate(children, start=1):
            Category.objects.get_or_create(
                code=child_code,
                defaults={"name": child_name, "parent": top, "order": top_order * 100 + child_order},
            )
    for name, level, kind, aliases in OUTLETS:
        Outlet.objects.get_or_create(name=name, defaults={"level": level, "kind": kind, "aliases": aliases})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
