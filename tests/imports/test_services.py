"""Importing the seed and small documents: history values, duplicates, never-overwrite, refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.imports.conftest import NEWS_V1, NEWS_V2, SEED_NAME, docx_bytes
from zongjie.assessment.models import BaselineFigure
from zongjie.imports.models import DocumentState, ExtractedFigure, FigureStatus, ImportedDocument
from zongjie.imports.review import confirm_figures, dismiss_figures, map_figure
from zongjie.imports.services import apply_proposal, import_file, import_path
from zongjie.ledger.models import Period
from zongjie.testing.factories import make_unit

pytestmark = pytest.mark.django_db


def baselines(unit, period="2025H1") -> dict[str, Decimal]:
    rows = BaselineFigure.objects.filter(unit=unit, period__code=period)
    return {b.metric_id: b.value for b in rows}


def test_the_seeds_five_summaries_become_history_for_five_units(org, seed_path, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-pass-123")
    units = [make_unit(f"U{n}", f"单位{n}", org.city) for n in range(1, 6)]
    for n, unit in enumerate(units, start=1):
        outcome = import_path(seed_path, unit=unit, period="2025H1", user=admin, article=n, confirm=True)
        assert outcome.status == "imported", outcome.message
    first = baselines(units[0])
    assert first == {
        "articles_municipal_plus": Decimal("92"),
        "articles_central": Decimal("3"),
        "articles_provincial": Decimal("33"),
        "articles_municipal": Decimal("56"),
    }
    source = BaselineFigure.objects.get(unit=units[0], metric_id="articles_central").source_label
    assert source == f"{SEED_NAME} 第11行"
    fifth = baselines(units[4])
    # 1500余 to 中宣部 + 40余 to the province + 100余 to the city, each on line 172.
    assert fifth["info_sent"] == Decimal("1640")
    assert fifth["info_adopted_central"] == Decimal("120")
    assert fifth["info_adopted_provincial"] == Decimal("7")
    assert fifth["research_articles"] == Decimal("9")
    adopted = BaselineFigure.objects.get(unit=units[4], metric_id="info_adopted_central")
    assert "约数" in adopted.note  # 120多: qualifier "over"
    assert baselines(units[3]) == {
        "articles_central": Decimal("19"),
        "event_sessions": Decimal("2"),
    }  # 2台晚会
    assert baselines(units[2])["articles_headline"] == Decimal("3")
    # Placeholders (xx) of article 1 wait for a person and never become values.
    placeholders = ExtractedFigure.objects.filter(document__unit=units[0], placeholder=True)
    assert placeholders.count() == 14
    assert not placeholders.filter(status=FigureStatus.CONFIRMED).exists()
    assert "event_participants" not in first


def test_the_period_comparison_uses_the_imported_history(org, seed_path, django_user_model):
    from zongjie.assessment.services import scorecard

    admin = django_user_model.objects.create_superuser("root", password="x-pass-123")
    import_path(seed_path, unit=org.county_a, period="2025H1", user=admin, article=1, confirm=True)
    card = scorecard(org.county_a, "2026H1")
    central = card.comparison["articles_central"]
    assert central.last_year == 3
    assert central.last_year_source == f"{SEED_NAME} 第11行"
    assert card.comparison["articles_municipal_plus"].last_year == 92


def test_importing_the_same_file_twice_changes_nothing(org):
    data = NEWS_V1.encode()
    first = import_file(data=data, filename="总结.txt", unit=org.county_a, period="2025H1", user=org.alice)
    assert first.status == "imported"
    figures = ExtractedFigure.objects.count()
    again = import_file(data=data, filename="另存为.txt", unit=org.county_a, period="2025H1", user=org.alice)
    assert again.status == "duplicate"
    assert "未作任何修改" in again.message
    assert ImportedDocument.objects.count() == 1
    assert ExtractedFigure.objects.count() == figures


def test_dry_run_writes_nothing(org):
    outcome = import_file(
        data=NEWS_V1.encode(),
        filename="总结.txt",
        unit=org.county_a,
        period="2024H2",
        user=org.alice,
        dry_run=True,
    )
    assert outcome.status == "imported"
    assert outcome.counts["total"] == 6
    assert outcome.message.startswith("（试运行，未写入）")
    assert ImportedDocument.objects.count() == 0
    assert ExtractedFigure.objects.count() == 0
    assert not Period.objects.filter(code="2024H2").exists()


def test_confirmed_values_are_never_overwritten_by_a_corrected_file(org):
    unit = org.county_a
    import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=unit, period="2025H1", user=org.alice, confirm=True
    )
    assert baselines(unit)["articles_municipal_plus"] == Decimal("92")

    # A corrected file under the same name: first the list of what would change, nothing written.
    preview = import_file(
        data=NEWS_V2.encode(), filename="总结.txt", unit=unit, period="2025H1", user=org.alice
    )
    assert preview.status == "proposed" and preview.document is None
    changes = {row.metric: (row.confirmed, row.extracted) for row in preview.diff}
    assert changes == {
        "articles_municipal_plus": (Decimal("92"), Decimal("95")),
        "articles_municipal": (Decimal("56"), Decimal("59")),
    }
    assert ImportedDocument.objects.count() == 1

    # Applied: the confirmed values stay; the new ones wait beside them as pending changes.
    applied = import_file(
        data=NEWS_V2.encode(), filename="总结.txt", unit=unit, period="2025H1", user=org.alice, replace=True
    )
    assert applied.status == "replaced"
    assert baselines(unit)["articles_municipal_plus"] == Decimal("92")
    assert baselines(unit)["articles_municipal"] == Decimal("56")
    new = applied.document
    pending = new.figures.get(metric="articles_municipal_plus")
    assert pending.status == FigureStatus.PENDING
    assert "已确认值 92" in pending.reason
    unchanged = new.figures.get(metric="articles_central")
    assert unchanged.status == FigureStatus.CONFIRMED  # same value: carried over
    assert ImportedDocument.objects.get(pk=new.replaces_id).state == DocumentState.SUPERSEDED
    assert BaselineFigure.objects.get(unit=unit, metric_id="articles_central").value == Decimal("3")

    # A person accepts the change: now (and only now) the baseline moves.
    confirm_figures(org.alice, [pending])
    assert baselines(unit)["articles_municipal_plus"] == Decimal("95")
    assert baselines(unit)["articles_municipal"] == Decimal("56")  # still pending, still the confirmed value


def test_a_proposal_is_stored_and_applied_on_confirmation(org):
    unit = org.county_a
    import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=unit, period="2025H1", user=org.alice, confirm=True
    )
    proposal = import_file(
        data=NEWS_V2.encode(), filename="总结.txt", unit=unit, period="2025H1", user=org.alice, propose=True
    )
    assert proposal.status == "proposed"
    doc = proposal.document
    assert doc.state == DocumentState.PROPOSED
    assert baselines(unit)["articles_municipal_plus"] == Decimal("92")
    apply_proposal(org.alice, doc)
    doc.refresh_from_db()
    assert doc.state == DocumentState.CURRENT
    assert doc.figures.get(metric="articles_municipal_plus").status == FigureStatus.PENDING


def test_a_person_corrects_maps_and_dismisses(org):
    outcome = import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=org.county_a, period="2025H1", user=org.alice
    )
    doc = outcome.document
    sent = doc.figures.get(text="40余篇")
    map_figure(org.alice, sent, metric="info_sent", value=42, confirm=True)
    assert baselines(org.county_a)["info_sent"] == Decimal("42")
    dismiss_figures(org.alice, [sent])
    assert "info_sent" not in baselines(org.county_a)


def test_inconsistent_breakdowns_need_a_value_from_a_person(org):
    text = "共在市级以上媒体播发稿件90篇，其中国家级媒体3篇，省级媒体33篇，市级媒体56篇。\n"
    doc = import_file(data=text.encode(), filename="x.txt", unit=org.county_a, period="2025H1").document
    total = doc.figures.get(text="90篇")
    assert total.breakdown_consistent is False and total.status == FigureStatus.REVIEW
    problems = confirm_figures(org.alice, [total])
    assert "不一致" in problems[0]
    map_figure(org.alice, total, metric="articles_municipal_plus", value=92, confirm=True)
    assert baselines(org.county_a)["articles_municipal_plus"] == Decimal("92")


def test_placeholders_can_never_become_a_baseline(org):
    text = "组织开展理论研讨会xx次。\n"
    doc = import_file(data=text.encode(), filename="x.txt", unit=org.county_a, period="2025H1").document
    figure = doc.figures.get()
    assert figure.placeholder and figure.metric == "study_sessions"
    assert "占位符" in confirm_figures(org.alice, [figure])[0]
    with pytest.raises(Exception, match="占位符"):
        map_figure(org.alice, figure, metric="study_sessions", value=5)
    assert not BaselineFigure.objects.exists()


def test_olivia_cannot_import_for_county_a(org):
    outcome = import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=org.county_a, period="2025H1", user=org.olivia
    )
    assert outcome.status == "refused"
    assert "没有权限" in outcome.message
    assert ImportedDocument.objects.count() == 0


def test_a_locked_period_is_refused(org):
    Period.objects.get_or_create_code("2025H1")
    Period.objects.filter(code="2025H1").update(locked=True, locked_reason="考核已完成")
    outcome = import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=org.county_a, period="2025H1", user=org.alice
    )
    assert outcome.status == "refused"
    assert "已锁定" in outcome.message and "考核已完成" in outcome.message
    assert ImportedDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "图片.png", "不支持"),
        (b"PK\x03\x04" + b"\x00" * 40 + b"broken", "坏文件.docx", "损坏"),
        (bytes(range(128, 256)) * 40, "乱码.txt", "编码"),
        (b"", "empty.txt", "空"),
    ],
)
def test_bad_input_gets_a_clear_chinese_message(org, data, filename, words):
    outcome = import_file(data=data, filename=filename, unit=org.county_a, period="2025H1", user=org.alice)
    assert outcome.status == "refused"
    assert words in outcome.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in outcome.message)
    assert ImportedDocument.objects.count() == 0


def test_a_docx_summary_imports_like_text(org):
    data = docx_bytes(
        "一、新闻宣传", "共在市级以上媒体播发稿件92篇，其中国家级媒体3篇，省级媒体33篇，市级媒体56篇。"
    )
    outcome = import_file(data=data, filename="总结.docx", unit=org.county_a, period="2025H1", user=org.alice)
    assert outcome.status == "imported", outcome.message
    doc = outcome.document
    assert doc.kind == "docx"
    assert doc.outline[0]["text"] == "新闻宣传"
    assert doc.figures.get(text="3篇").metric == "articles_central"


def test_an_article_number_beyond_the_file_is_refused(org, seed_path):
    outcome = import_path(seed_path, unit=org.county_a, period="2025H1", article=6)
    assert outcome.status == "refused"
    assert "只有 5 篇" in outcome.message


def test_figures_per_document_are_capped(org, settings):
    settings.IMPORT_MAX_FIGURES = 5
    outcome = import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=org.county_a, period="2025H1", user=org.alice
    )
    assert outcome.status == "refused"
    assert "文件中有 6 个数字，超过每份总结 5 个的上限（设置 ZONGJIE_IMPORT_MAX_FIGURES）" in outcome.message
    assert not ImportedDocument.objects.exists()
    settings.IMPORT_MAX_FIGURES = 6
    assert import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=org.county_a, period="2025H1", user=org.alice
    ).ok
