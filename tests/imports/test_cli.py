"""`zongjie import`: a batch with a bad file imports the others and exits 1."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.imports.conftest import NEWS_V1, NEWS_V2
from zongjie.assessment.models import BaselineFigure
from zongjie.imports.models import ImportedDocument

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_a_batch_with_one_bad_file_imports_the_others(org, tmp_path):
    good = tmp_path / "好.txt"
    good.write_text(NEWS_V1, encoding="utf-8")
    other = tmp_path / "gbk.txt"
    other.write_bytes(NEWS_V1.replace("甲县", "乙县").encode("gb18030"))
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    code, out, err = run(str(good), str(bad), str(other), "--unit", "A", "--period", "2025H1")
    assert code == 1
    assert "好.txt" in out and "gbk.txt" in out
    assert "坏.docx" in err and "损坏" in err
    assert "1 个文件未能导入" in err
    assert sorted(ImportedDocument.objects.values_list("filename", flat=True)) == ["gbk.txt", "好.txt"]


def test_article_confirm_and_duplicate_from_the_command_line(org, seed_path):
    code, out, _ = run(
        str(seed_path),
        "--unit",
        "A",
        "--period",
        "2025H1",
        "--article",
        "1",
        "--user",
        "alice_admin",
        "--confirm",
    )
    assert code == 0, out
    assert "已确认 4" in out
    assert BaselineFigure.objects.get(unit=org.county_a, metric_id="articles_municipal_plus").value == 92
    code, out, _ = run(str(seed_path), "--unit", "A", "--period", "2025H1", "--article", "1")
    assert code == 0 and "未作任何修改" in out


def test_dry_run_and_replacement_diff(org, tmp_path):
    path = tmp_path / "总结.txt"
    path.write_text(NEWS_V1, encoding="utf-8")
    code, out, _ = run(str(path), "--unit", "A", "--period", "2025H1", "--dry-run")
    assert code == 0 and "试运行" in out
    assert not ImportedDocument.objects.exists()
    run(str(path), "--unit", "A", "--period", "2025H1", "--user", "alice_admin", "--confirm")
    path.write_text(NEWS_V2, encoding="utf-8")
    code, out, _ = run(str(path), "--unit", "A", "--period", "2025H1")
    assert code == 0
    assert "市级以上媒体稿件（articles_municipal_plus）：已确认 92 → 新提取 95" in out
    assert "--replace" in out
    assert ImportedDocument.objects.count() == 1


def test_permission_and_unknown_unit(org, tmp_path):
    path = tmp_path / "总结.txt"
    path.write_text(NEWS_V1, encoding="utf-8")
    code, _, err = run(str(path), "--unit", "A", "--period", "2025H1", "--user", "olivia_outsider")
    assert code == 1 and "没有权限" in err
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有编码为"):
        call_command("import", str(path), "--unit", "NOPE", "--period", "2025H1")


def test_dry_run_lists_every_figure_with_its_metric(org, seed_path):
    code, out, err = run(str(seed_path), "--unit", "A", "--period", "2025H1", "--article", "1", "--dry-run")
    assert code == 0, err
    assert "已导入" not in out and "（试运行，未写入）" in out and "将导入" in out
    rows = [line for line in out.splitlines() if line.startswith("  第")]
    assert len(rows) == 24
    ninety_two = next(r for r in rows if "\t92篇\t" in r)
    assert ninety_two.split("\t")[2:5] == ["92", "篇", "市级以上媒体稿件（articles_municipal_plus）"]
    assert ninety_two.split("\t")[5] == "待确认"
    assert any("（未对应指标）" in r for r in rows)
    assert not ImportedDocument.objects.exists()


def test_json_output(org, seed_path):
    import json

    code, out, _ = run(
        str(seed_path), "--unit", "A", "--period", "2025H1", "--article", "1", "--dry-run", "--json"
    )
    assert code == 0
    [result] = json.loads(out)
    assert result["status"] == "imported" and result["dry_run"] is True and result["document"] is None
    assert result["counts"]["total"] == len(result["figures"]) == 24
    figure = next(f for f in result["figures"] if f["text"] == "92篇")
    assert (figure["line"], figure["value"], figure["unit"], figure["metric"], figure["status"]) == (
        11,
        92,
        "篇",
        "articles_municipal_plus",
        "mapped",
    )
    assert not ImportedDocument.objects.exists()


def test_a_file_without_a_summary_is_an_error(org, tmp_path):
    path = tmp_path / "hostname"
    path.write_text("build-host-01\n", encoding="utf-8")
    code, out, err = run(str(path), "--unit", "A", "--period", "2025H1")
    assert code == 1 and "没有找到工作总结的数字" in err and not out.strip()
    assert not ImportedDocument.objects.exists()


def test_a_first_half_summary_imported_into_h2_warns(org, seed_path, tmp_path):
    code, _, err = run(str(seed_path), "--unit", "A", "--period", "2025H2", "--article", "1", "--dry-run")
    assert code == 0 and "注意：文件标题写的是“上半年”工作总结，却导入到了“2025年下半年”" in err
    _, _, err = run(str(seed_path), "--unit", "A", "--period", "2025H1", "--article", "1", "--dry-run")
    assert "注意" not in err
    path = tmp_path / "总结.txt"
    path.write_text("乙县2024年下半年工作总结\n共播发稿件12篇。\n", encoding="utf-8")
    _, _, err = run(str(path), "--unit", "A", "--period", "2025H2", "--dry-run")
    assert "“2024年下半年”工作总结，却导入到了“2025年下半年”，请核对年份" in err
