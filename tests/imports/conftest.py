"""Fixtures for the import tests: the seed file (in the package) and its labels (tests/data) and small documents."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "tests" / "data"
SEED = (
    Path(__file__).resolve().parents[2] / "src" / "zongjie" / "imports" / "seed" / "000_774f85108288457a.txt"
)
SEED_NAME = SEED.name


@pytest.fixture
def seed_path() -> Path:
    return SEED


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


NEWS_V1 = (
    "甲县委宣传部2025年上半年工作总结\n"
    "一、新闻宣传工作\n"
    "共在市级以上媒体播发稿件92篇，其中国家级媒体3篇，省级媒体33篇，市级媒体56篇。\n"
    "二、信息工作\n"
    "共向省委宣传部报送信息40余篇，被采用7篇。\n"
)
NEWS_V2 = NEWS_V1.replace("92篇", "95篇").replace("市级媒体56篇", "市级媒体59篇")
