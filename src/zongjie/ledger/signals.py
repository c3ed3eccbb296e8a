"""Keep Entry.adoption_counts / instruction_counts in step with single-row changes.

Covers ledger services and the admin inlines; bulk inserts call
summaries.refresh_annotation_summaries themselves (bulk_create sends no signals)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zongjie.ledger.models import Adoption, Entry, Instruction
from zongjie.ledger.summaries import refresh_annotation_summaries


@receiver(post_save, sender=Adoption, dispatch_uid="ledger_adoption_saved")
@receiver(post_delete, sender=Adoption, dispatch_uid="ledger_adoption_deleted")
@receiver(post_save, sender=Instruction, dispatch_uid="ledger_instruction_saved")
@receiver(post_delete, sender=Instruction, dispatch_uid="ledger_instruction_deleted")
def related_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture carries the entry's summary as saved
        return
    refresh_annotation_summaries([instance.entry_id])


@receiver(post_save, sender=Entry, dispatch_uid="ledger_entry_saved")
def entry_saved(sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs) -> None:
    # A full save writes every column from the instance, whose summary may predate an
    # adoption added since it was loaded: recompute it. New entries have no related rows yet.
    if (
        raw
        or created
        or (update_fields is not None and not {"adoption_counts", "instruction_counts"} & set(update_fields))
    ):
        return
    refresh_annotation_summaries([instance.pk])
