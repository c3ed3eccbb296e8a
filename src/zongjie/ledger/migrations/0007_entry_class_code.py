"""Entry.class_code (ledger.classes): a stored generated column, so the database fills it for
every existing row as it adds the column (PostgreSQL rewrites the table once; SQLite remakes
it) and keeps it on every later write. The expression is frozen here as ledger.classes built it."""

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_claim_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="class_code",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(
                        django.db.models.expressions.CombinedExpression(
                            models.F("category_id"), "*", models.Value(4096)
                        ),
                        "+",
                        models.Case(
                            models.When(
                                models.Q(("kind", "article")),
                                then=django.db.models.expressions.CombinedExpression(
                                    models.Value(256),
                                    "+",
                                    django.db.models.expressions.CombinedExpression(
                                        models.Case(
                                            models.When(models.Q(("media_level", "")), then=models.Value(1)),
                                            models.When(
                                                models.Q(("media_level", "central")), then=models.Value(2)
                                            ),
                                            models.When(
                                                models.Q(("media_level", "provincial")), then=models.Value(3)
                                            ),
                                            models.When(
                                                models.Q(("media_level", "municipal")), then=models.Value(4)
                                            ),
                                            models.When(
                                                models.Q(("media_level", "county")), then=models.Value(5)
                                            ),
                                            default=models.Value(0),
                                            output_field=models.IntegerField(),
                                        ),
                                        "*",
                                        models.Value(16),
                                    ),
                                ),
                            ),
                            models.When(
                                models.Q(("kind", "info_report")),
                                then=django.db.models.expressions.CombinedExpression(
                                    models.Value(512),
                                    "+",
                                    django.db.models.expressions.CombinedExpression(
                                        models.Case(
                                            models.When(models.Q(("sent_level", "")), then=models.Value(1)),
                                            models.When(
                                                models.Q(("sent_level", "central")), then=models.Value(2)
                                            ),
                                            models.When(
                                                models.Q(("sent_level", "provincial")), then=models.Value(3)
                                            ),
                                            models.When(
                                                models.Q(("sent_level", "municipal")), then=models.Value(4)
                                            ),
                                            models.When(
                                                models.Q(("sent_level", "county")), then=models.Value(5)
                                            ),
                                            default=models.Value(0),
                                            output_field=models.IntegerField(),
                                        ),
                                        "*",
                                        models.Value(16),
                                    ),
                                ),
                            ),
                            models.When(
                                models.Q(("kind", "event")),
                                then=django.db.models.expressions.CombinedExpression(
                                    models.Value(768),
                                    "+",
                                    django.db.models.expressions.CombinedExpression(
                                        models.Value(1), "*", models.Value(16)
                                    ),
                                ),
                            ),
                            models.When(
                                models.Q(("kind", "study")),
                                then=django.db.models.expressions.CombinedExpression(
                                    models.Value(1024),
                                    "+",
                                    django.db.models.expressions.CombinedExpression(
                                        models.Value(1), "*", models.Value(16)
                                    ),
                                ),
                            ),
                            models.When(
                                models.Q(("kind", "honour")),
                                then=django.db.models.expressions.CombinedExpression(
                                    models.Value(1280),
                                    "+",
                                    django.db.models.expressions.CombinedExpression(
                                        models.Case(
                                            models.When(models.Q(("honour_level", "")), then=models.Value(1)),
                                            models.When(
                                                models.Q(("honour_level", "central")), then=models.Value(2)
                                            ),
                                            models.When(
                                                models.Q(("honour_level", "provincial")), then=models.Value(3)
                                            ),
                                            models.When(
                                                models.Q(("honour_level", "municipal")), then=models.Value(4)
                                            ),
                                            models.When(
                                                models.Q(("honour_level", "county")), then=models.Value(5)
                                            ),
                                            default=models.Value(0),
                                            output_field=models.IntegerField(),
                                        ),
                                        "*",
                                        models.Value(16),
                                    ),
                                ),
                            ),
                            models.When(
                                models.Q(("kind", "other")),
                                then=django.db.models.expressions.CombinedExpression(
                                    models.Value(1536),
                                    "+",
                                    django.db.models.expressions.CombinedExpression(
                                        models.Value(1), "*", models.Value(16)
                                    ),
                                ),
                            ),
                            default=models.Value(0),
                            output_field=models.IntegerField(),
                        ),
                    ),
                    "+",
                    models.Case(
                        models.When(models.Q(("placement", "normal")), then=models.Value(1)),
                        models.When(models.Q(("placement", "prominent")), then=models.Value(2)),
                        models.When(models.Q(("placement", "front_page")), then=models.Value(3)),
                        models.When(models.Q(("placement", "front_headline")), then=models.Value(4)),
                        default=models.Value(0),
                        output_field=models.IntegerField(),
                    ),
                ),
                output_field=models.BigIntegerField(),
            ),
        ),
    ]
