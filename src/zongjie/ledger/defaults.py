"""Default taxonomy and outlet registry (DESIGN.md); loaded by a data migration, editable in admin."""

from __future__ import annotations

# (code, name, [(code, name), ...]) — top-level categories with their sub-categories.
CATEGORIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "theory",
        "理论武装",
        [
            ("theory_group", "中心组学习"),
            ("theory_lecture", "讲座"),
            ("theory_seminar", "研讨会"),
            ("theory_training", "培训"),
            ("theory_essay", "征文"),
        ],
    ),
    (
        "news",
        "新闻宣传",
        [
            ("news_article", "稿件刊播"),
            ("news_upsend", "上送与采用"),
            ("news_headline", "头版头条"),
            ("news_instruction", "领导批示"),
        ],
    ),
    (
        "online",
        "网络宣传",
        [
            ("online_site", "网站更新"),
            ("online_article", "网络发稿"),
        ],
    ),
    (
        "culture",
        "文化建设",
        [
            ("culture_show", "文艺演出"),
            ("culture_heritage", "非物质文化遗产"),
            ("culture_association", "文艺协会"),
            ("culture_project", "文化项目"),
        ],
    ),
    (
        "civility",
        "精神文明建设",
        [
            ("civility_creation", "文明单位（村镇）创建"),
            ("civility_model", "道德模范"),
            ("civility_volunteer", "志愿服务"),
            ("civility_minor", "未成年人思想道德建设"),
        ],
    ),
    (
        "info",
        "信息报送与调研",
        [
            ("info_report", "信息报送"),
            ("info_research", "调研文章"),
        ],
    ),
    (
        "other",
        "其他工作",
        [
            ("other_union", "工会"),
            ("other_united_front", "统战"),
            ("other_women", "妇联"),
            ("other_family_planning", "计生"),
            ("other_misc", "其他"),
        ],
    ),
]

# (name, level, kind, aliases)
OUTLETS: list[tuple[str, str, str, list[str]]] = [
    ("人民日报", "central", "newspaper", ["人民网", "人民日报客户端", "人民日报海外版"]),
    ("新华社", "central", "agency", ["新华网", "新华社客户端"]),
    ("中央广播电视总台", "central", "tv", ["中央电视台", "央视", "央视新闻", "中央人民广播电台", "央广网"]),
    ("光明日报", "central", "newspaper", ["光明网"]),
    ("经济日报", "central", "newspaper", ["中国经济网"]),
    ("农民日报", "central", "newspaper", ["中国农网"]),
    ("中国青年报", "central", "newspaper", ["中青在线"]),
    ("学习强国", "central", "new_media", ["学习强国学习平台"]),
    ("中宣部", "central", "office", ["中共中央宣传部"]),
    ("省日报", "provincial", "newspaper", ["省报", "省日报客户端"]),
    ("省广播电视台", "provincial", "tv", ["省电视台", "省电台"]),
    ("省新闻网", "provincial", "web", []),
    ("省委宣传部", "provincial", "office", []),
    ("市日报", "municipal", "newspaper", ["市报", "晚报"]),
    ("市广播电视台", "municipal", "tv", ["市电视台", "市电台"]),
    ("市新闻网", "municipal", "web", []),
    ("市委宣传部", "municipal", "office", []),
    ("县融媒体中心", "county", "new_media", ["县电视台", "县广播电台"]),
]

# Which categories each entry kind may be filed under (top-level or leaf category codes);
# a kind not listed fits every category. Checked by the Excel import, row by row.
KIND_CATEGORIES: dict[str, tuple[str, ...]] = {
    "article": ("news_article", "news_headline", "news_instruction", "online", "info_research"),
    "info_report": ("news_upsend", "news_instruction", "info"),
    "study": ("theory",),
    "event": ("theory", "culture", "civility", "online", "other"),
}
