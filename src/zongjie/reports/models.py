"""Report previews kept as results (reports/stored.py): a province's report is minutes of work,
so it is composed once per (unit, period, day, score versions), never inside a request at scale."""

from __future__ import annotations

from django.db import models

from zongjie.ledger.models import Period


class ReportPreview(models.Model):
    """The composed preview of one unit's report: its HTML, the entries each figure counts and
    what the report leaves out, as of the version key it was composed from."""

    unit_id = models.BigIntegerField()
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    today = models.DateField()
    key = models.CharField(max_length=600)
    html = models.TextField()
    figures = models.TextField()  # JSON: figure number -> [metric, text, number of entries]
    left_out = models.TextField()  # JSON: status -> number
    started_at = models.DateTimeField()  # before the key was read
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = "总结预览结果"
        verbose_name_plural = "总结预览结果"
        constraints = [models.UniqueConstraint(fields=["unit_id", "period"], name="unique_report_preview")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id} {self.key}"


class ReportFigure(models.Model):
    """The entries one figure of a stored preview counts (the preview's HTML carries only the
    figure's number): read a figure at a time by the page that lists them, so the preview stays
    small however many entries its figures count. Replaced with its preview, in one transaction."""

    unit_id = models.BigIntegerField()
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField()  # the figure's place in the document (Document.figures())
    metric = models.CharField(max_length=100)
    text = models.CharField(max_length=200)
    entry_ids = models.TextField()  # comma-separated, in the report's order

    class Meta:
        verbose_name = "总结数字统计的条目"
        verbose_name_plural = "总结数字统计的条目"
        constraints = [
            models.UniqueConstraint(fields=["unit_id", "period", "n"], name="unique_report_figure")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id} #{self.n} {self.metric}"


class ReportLease(models.Model):
    """Who is composing a unit's preview now, so two requests or processes never compose the
    same report at once (a lease that expires, as store.ScoreRefresh)."""

    unit_id = models.BigIntegerField()
    period_id = models.BigIntegerField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit_id", "period_id"], name="unique_report_lease")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id} {self.claimed_at or '-'}"
