"""The audit table takes this app's name, its indexes follow, and the admin's content type
(with its permissions) moves from api to security so existing grants keep working."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    old = content_type.objects.filter(app_label="api", model="auditevent")
    if content_type.objects.filter(app_label="security", model="auditevent").exists():
        old.delete()
    else:
        old.update(app_label="security")


def restore_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="security", model="auditevent").update(app_label="api")


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("api", "0002_auditevent_moved_to_security"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="auditevent", table=None),
        migrations.RenameIndex(
            model_name="auditevent",
            new_name="security_au_kind_a4d9d1_idx",
            old_name="api_auditev_kind_379088_idx",
        ),
        migrations.RenameIndex(
            model_name="auditevent",
            new_name="security_au_kind_41dcbe_idx",
            old_name="api_auditev_kind_66b5af_idx",
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
