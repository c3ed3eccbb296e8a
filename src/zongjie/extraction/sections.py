"""Section lines: the unmarked headings of a summary (下半年工作计划, 存在的问题).

Shared by the article splitter (a section line never opens a new document) and
the outline (it is a heading with marker ""), so the pipeline reads one way:
read -> normalise -> split -> structure -> quantities.
"""

from __future__ import annotations

import re

_SECTION_PERIOD = r"(?:今年|本年度?|明年|全年|\d{2,4}[*x]?年度?|[xX]{2,4}年度?)?(?:上半年|下半年|下一步|下步|下阶段|下一阶段|今后|后半年|明年|全年)"
_SECTION_LINE = re.compile(
    rf"^(?:{_SECTION_PERIOD}|(?:\d{{2,4}}[*x]?|[xX]{{2,4}})年度?)(?:的)?(?:主要)?(?:工作)?"
    r"(?:计划|打算|谋划|安排|思路|要点|设想|目标|重点|措施|总结|情况|任务)(?:和|及|与)?(?:措施|安排|打算|思路)?$"
    r"|^(?:主要(?:工作)?(?:成绩|做法|成效)|工作(?:成绩|成效|亮点|回顾)|存在的?(?:主要)?(?:问题|不足)"
    r"(?:[和与及](?:不足|差距|原因|问题))?|(?:主要)?(?:经验|体会)(?:和体会)?)$"
)


def is_section_line(text: str) -> bool:
    s = text.strip()
    return len(s) <= 24 and bool(_SECTION_LINE.match(s))
