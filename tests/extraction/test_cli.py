"""``zongjie extract FILE... [--json]``."""

from __future__ import annotations

import json

from zongjie.extraction.cli import main

from ._shared import DATA

GOOD = "某局工作总结\n一、宣传\n共发稿92篇，其中省级30篇，市级62篇。\n"


def test_one_file_json(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    assert main([str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["doc"] == "a.txt"
    assert [q["value"] for q in data["quantities"]] == [92, 30, 62]
    assert data["breakdowns"] == [{"total": 0, "parts": [1, 2], "consistent": True}]


def test_several_files_one_bad_others_still_printed_exit_1(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    png = tmp_path / "pic.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    status = main([str(good), str(png), str(empty), str(DATA / "flattened_body_utf8.txt"), "--json"])
    out, err = capsys.readouterr()
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["doc"] for r in rows] == ["good.txt", "flattened_body_utf8.txt"]
    assert err.splitlines() == [
        f"zongjie extract: {png}: 不是可识别的文档（仅支持 txt 与 docx）：PNG 图片",
        f"zongjie extract: {empty}: 文件为空",
    ]


def test_missing_file_and_usage(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt")]) == 1
    assert capsys.readouterr().err == f"zongjie extract: {tmp_path / 'nope.txt'}: 文件不存在\n"
    assert main([str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"zongjie extract: {tmp_path}: 这是文件夹，不是文件\n"
    assert main([]) == 2


def test_human_view_shows_outline_and_figures(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(GOOD.replace("62篇", "60篇") + "二、计划\n预计xx场。\n", encoding="utf-8")
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "某局工作总结" in out and "一、 宣传" in out and "二、 计划" in out
    assert "92 篇" in out and "INCONSISTENT" in out
    assert out.index("一、 宣传") < out.index("92 篇") < out.index("二、 计划")
