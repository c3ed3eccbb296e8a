from django.db import migrations, models


def drop_results(apps, schema_editor):
    # Results stored before the tally have none: dropped, they are computed again on first read.
    apps.get_model("assessment", "ScoreResult").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_score_refresh"),
    ]

    operations = [
        migrations.AddField(
            model_name="scorecardrow",
            name="tally",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(drop_results, migrations.RunPython.noop),
    ]
