"""Keep Entry.adoption_counts / instruction_counts in step with single-row changes.

Covers ledger services and the admin inlines; bulk inserts call
summaries.refresh_annotation_summaries themselves (bulk_create sends no signals)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from zongjie.ledger import evidence
from zongjie.ledger.models import Adoption, Entry, Instruction
from zongjie.ledger.summaries import refresh_annotation_summaries

# Sent inside the transaction whenever what a unit scores may change: an entry reviewed, an
# adoption/instruction recorded, confirmed or returned, a period locked or unlocked, and by ledger
# paths that change scored rows without model signals (conditional UPDATEs, bulk inserts).
# Keyword arguments: period_ids (and entry_ids, unit_ids; None means "all"). The assessment bumps
# its score versions.
scores_changed = Signal()


@receiver(post_save, sender=Adoption, dispatch_uid="ledger_adoption_saved")
@receiver(post_delete, sender=Adoption, dispatch_uid="ledger_adoption_deleted")
@receiver(post_save, sender=Instruction, dispatch_uid="ledger_instruction_saved")
@receiver(post_delete, sender=Instruction, dispatch_uid="ledger_instruction_deleted")
def related_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture carries the entry's summary as saved
        return
    refresh_annotation_summaries([instance.entry_id])


@receiver(post_delete, sender=Entry, dispatch_uid="ledger_entry_evidence_deleted")
def entry_deleted(sender, instance: Entry, **kwargs) -> None:
    """A deleted entry's evidence file goes too, once the deletion commits."""
    evidence.remove_on_commit(instance.evidence_file)
