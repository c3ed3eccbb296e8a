"""Seed the shared metric codes and the default 2025 and 2026 rule versions (editable in admin)."""

from datetime import date

from django.db import migrations


def seed(apps, schema_editor):
    from zongjie.assessment.defaults import METRICS, RULESETS

    Metric = apps.get_model("assessment", "Metric")
    RuleSet = apps.get_model("assessment", "RuleSet")
    ScoringRule = apps.get_model("assessment", "ScoringRule")
    Category = apps.get_model("ledger", "Category")
    for order, (code, name, unit_label, aggregate, filters) in enumerate(METRICS, start=1):
        Metric.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_label": unit_label,
                "aggregate": aggregate,
                "filters": filters,
                "order": order,
            },
        )
    categories = {c.code: c for c in Category.objects.all()}
    for year, name, published, adoption_mode, duplicate_mode, rules in RULESETS:
        if RuleSet.objects.filter(year=year).exists():
            continue
        ruleset = RuleSet.objects.create(
            name=name,
            year=year,
            version=1,
            published_on=date.fromisoformat(published),
            is_active=True,
            adoption_mode=adoption_mode,
            duplicate_mode=duplicate_mode,
        )
        for row in rules:
            row = dict(row)
            category = row.pop("category", None)
            ScoringRule.objects.create(ruleset=ruleset, category=categories.get(category), **row)


def unseed(apps, schema_editor):
    apps.get_model("assessment", "RuleSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("ledger", "0002_default_taxonomy"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
