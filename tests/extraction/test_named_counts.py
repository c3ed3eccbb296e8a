"""Quantities: the genre's negative classes told by their shape (names, slogans, references,
phases, years), and the measure words added with them — each rule with a sentence from a real
document of the corpus (tests/data/corpus, dev part, or the seed) and a negative beside it."""

from __future__ import annotations

import pytest

from zongjie.extraction.normalise import normalise_lines
from zongjie.extraction.quantities import find_quantities_in_line


def _q(text: str) -> list[tuple[str, float | int | None, str, str]]:
    (line,) = normalise_lines([text])
    return [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities_in_line(line)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # measure words of the genre (d59, d58, d60): truckloads, lectures, characters, 平方
        ("清理杂物、垃圾210车。", [("210车", 210, "车", "exact")]),
        ("录制云宣讲课程11讲。", [("11讲", 11, "讲", "exact")]),
        (
            "精选修改了68篇论文入书约40万字,",
            [("68篇", 68, "篇", "exact"), ("约40万字", 400000, "字", "about")],
        ),
        ("共拆除违章占道设施近二千平方,", [("近二千平方", 2000, "平方", "about")]),
        ("打了28口井", [("28口", 28, "口", "exact")]),
        # rates with 每 before them are not two counts run together (d56)
        (
            "将区委中心组学习由原来的每季度一次调整为每月一次,",
            [("一次", 1, "次", "exact"), ("一次", 1, "次", "exact")],
        ),
        # a demonstrative before 两 still counts (the seed: 這兩個…中心)
        ("市文化館這兩個我市創建的未成年人校外活動中心", [("兩個", 2, "个", "exact")]),
        # a numbered name in a neighbouring item, but the congress 二十大 is not one (d39's shape)
        ("学习党的二十大精神、开展宣讲三场", [("三场", 3, "场", "exact")]),
        # 一等奖 after the count: a prize, not a second count
        ("获得三个一等奖", [("三个", 3, "个", "exact")]),
        # a period before its rate: 每两个月 keeps both
        ("每两个月一次", [("两个月", 2, "个月", "exact"), ("一次", 1, "次", "exact")]),
        ("0.5小时", [("0.5小时", 0.5, "小时", "exact")]),
        # one issue counted before its noun, or as a rate (the seed), is no phase
        ("二是计划开办一期网络培训班", [("一期", 1, "期", "exact")]),
        (
            "计划于9月中旬举办全市信息员培训班一期，培训人员80名左右。",
            [("一期", 1, "期", "exact"), ("80名左右", 80, "名", "about")],
        ),
        # d65: stab wounds after a figure; a page counter's label is no count, a body's 阅读量 is
        ("为保护他人生命安全身中4刀的", [("4刀", 4, "刀", "exact")]),
        # an age in full years is no count of weeks; weeks stay weeks
        ("年满60周岁的老人,培训5周", [("60周岁", 60, "岁", "exact"), ("5周", 5, "周", "exact")]),
        # 前/后 ending a word of time: a count follows (目前, 会后)
        ("目前5名同志已到岗,会后3名代表发言", [("5名", 5, "名", "exact"), ("3名", 3, "名", "exact")]),
        ("开展阅读活动3次,阅读量达1.2万次", [("3次", 3, "次", "exact"), ("1.2万次", 12000, "次", "exact")]),
        ("《娱乐先锋》每周一期,今年", [("一期", 1, "期", "exact")]),
    ],
)
def test_counted(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # d56: a programme (345434) and the expansion of its name; 三位一体
        "落实345434工作思路(即理论武装三个抓手、舆论引导四大战役、精神文明建设五大工程、文化建设四大行动)",
        "构建了宣扬树形象、宣扬重实效、宣扬促发展三位一体的大宣扬格局",
        # d55: a long quotation naming the media matrix
        "形成了“两台(XX电视台和XX广播电台)、两网(XX网、大别山传媒网)、两微(XX网微信公众号、"
        "XX发布微信公众号和XX发布官方微博)、一端(诗画XX手机APP移动客户端)、一刊(XX周刊)”为主体的融媒体矩阵",
        # compact numbered slogans without quotation marks: two counts never run together
        "形成两台两网两微一端格局",
        "落实四个一批",
        # reduplicated measure words and demonstratives (一组组生动的数字, 这一年)
        "一场场活动、一个个典型",
        "这一年,我们",
        # campaigns named by a duration, phases named by a Chinese numeral
        "紧紧结合“抓产业、办实事、强治理、转作风”三年行动,实施三年行动计划",
        "开展五年规划编制",
        "三期工程",
        # 一刀切 (刀 counts only after a figure); the page's truncation notice and counters
        # (d20: ……(省略458字)……)
        "不搞一刀切",
        # places in a ranking are ordinals (d66: 考評后5名的縣市), like 第一名
        "對宣傳信息考評后5名的縣市,擬推薦為省級先進縣的",
        "信息工作位列全市前三名",
        "进入全省前10位",
        "工作总结……(省略458字)……下半年",
        "浏览次数:1234次",
        "阅读: 568 次",
        # d45: 一期 after a project's name closes the item: its first phase
        "生活垃圾分类处置、数字环卫一期、数字城管品牌建设等局重点工作",
        # measure words that count only after a figure
        "坚持八字方针,开展三讲教育",
        # years with a leading zero
        "自03年以来",
        # standard formulas written without quotation marks
        "深刻把握两个结合,坚持四个服务",
    ],
)
def test_not_counted(text):
    assert _q(text) == []


def _article(texts: list[str]) -> list[tuple[int, str]]:
    from zongjie.extraction.quantities import find_quantities

    return [(q.line, q.text) for q in find_quantities(normalise_lines(texts))]


def test_a_place_named_by_a_numeral_and_its_other_mentions():
    # d79 (三堂镇综合文化站工作总结): 三堂镇, then 三堂文化站 / 在三堂以及周边 in later lines
    got = _article(
        [
            "三堂镇位于太和县东北部,距县城30公里。",
            "2013年2月,开始成立三堂文化站龙狮旱船队,组织46人开展培训学习,在三堂以及周边演出70多场次。",
        ]
    )
    assert got == [(1, "30公里"), (2, "46人"), (2, "70多场次")]


@pytest.mark.parametrize(
    "text",
    [
        "选派两名村干部参加培训,",  # 名 counts people; 村干部 a noun of people
        "走访三户村民,",
        "覆盖十个村,",  # 个 counts the villages
        "为五个镇党委讲课,",
        "上了三堂党课,",  # 堂 before a noun that is no place
    ],
)
def test_counts_before_a_place_word_stay(text):
    assert len(_article([text])) == 1


def test_figures_of_a_slogan_spelled_out_after_it():
    # d80 (乡镇宣传年终工作总结): “一十百千万”(即:一场大会明思路、十次座谈谋发展…)
    got = _article(
        [
            "开展了“一十百千万”(即:一场大会明思路、十次座谈谋发展、百名干部走基层)系列活动,"
            "今年以来共组织集中学习10次,"
        ]
    )
    assert got == [(1, "10次")]


def test_a_bracket_with_ji_not_after_a_name_keeps_its_figures():
    got = _article(["共举办培训班3期(即:春季2期、秋季1期),"])
    assert [t for _, t in got] == ["3期", "2期", "1期"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d84 (社區文明創建年終工作總結): a plan named by its duration, with a modifier
        ("制定了文明社区三年创建规划和工作实施方案,", []),
        ("用三年时间规划建设,", [("三年", 3, "年", "exact")]),  # a length of time
        # d90 (单位精神文明建设工作总结): a policy's formula
        ("坚持四个文明一起抓的方针,", []),
        ("坚持每月2次的学习制度,", [("2次", 2, "次", "exact")]),  # 制度 is no formula
        ("建成四个文明实践站,", [("四个", 4, "个", "exact")]),  # no 坚持…的方针
    ],
)
def test_campaign_plans_and_policy_formulas(text, expected):
    assert _q(text) == expected


def test_the_pages_count_of_sample_texts_in_a_title():
    # d85 (文明創建工作總結): 2021年文明創建工作總結(通用6篇) on the article's first line
    assert _article(["2021年文明创建工作总结(通用6篇)", "全年发表稿件6篇。"]) == [(2, "6篇")]
    assert _article(["创文明城市活动总结8篇", "撰写调研报告5篇,"]) == [(2, "5篇")]
    # not on the first line, or not ending the title: a count
    assert _article(["工作总结", "撰写工作总结6篇"]) == [(2, "6篇")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d94 (定安 十星级文明户): 一 before a description and 的 is an article
        ("一场简单朴素的表彰会在村委会举行,", []),
        ("成立了一支高素质的宣讲队伍,", []),
        ("一位年过半百的老同志", [("一位", 1, "位", "exact")]),  # a person is counted
        # negatives: a rate, a short word before 的, a count after its noun
        ("每月开展一场主题鲜明的宣讲,", [("一场", 1, "场", "exact")]),
        ("落实一名同志的工作,", [("一名", 1, "名", "exact")]),
        # d92 / d95: 立方 measures a volume
        ("新建成300立方提灌站1个,", [("300立方", 300, "立方", "exact"), ("1个", 1, "个", "exact")]),
        ("建成立方体展台", []),
    ],
)
def test_described_one_and_volumes(text, expected):
    assert _q(text) == expected


def test_the_pages_count_and_length_after_a_title():
    # d102 (工作设想3篇), d116 (综述汇编(10篇)): the page's count of its texts after the title
    assert _article(["宣传思想工作总结及工作设想3篇", "共撰写研讨文章3篇。"]) == [(2, "3篇")]
    assert _article(["2022年宣传思想文化工作综述汇编(10篇)", "编印理论文章汇编10篇,"]) == [(2, "10篇")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d106: the page's length of the text in a bracket after the repeated title
        ("镇关于宣传思想文化2022年工作总结及2023年工作计划(4050字) XX(XX镇)宣传思想文化工作", []),
        # d114: the page's byline
        ("时间:2023-05-10 03:39:46 作者:壹号 字数:10460字", []),
        # negatives: characters written in the work
        ("撰写心得体会(3000字),", [("3000字", 3000, "字", "exact")]),
        ("形成调研报告(5000字)", [("5000字", 5000, "字", "exact")]),
        ("形成调研报告1.2万字,", [("1.2万字", 12000, "字", "exact")]),
        # d105: *委(*组) is 党委(党组) with 党 starred out; a starred digit before 组 is a figure
        ("严格*委(*组)中心组学习管理,确定示范性学习中心组26家。", [("26家", 26, "家", "exact")]),
        ("全体干部分成*组开展学习,", [("*组", None, "组", "exact")]),
        # d116: an outline marker run into a year in the page's contents; a real 1.5年 counts
        ("1.2022年宣传思想文化工作综述(市级) 2", []),
        ("历时1.5年完成建设,", [("1.5年", 1.5, "年", "exact")]),
        # d116: 过去一年 is the year looked back on (like 这一年); a year's length still counts
        ("过去一年,全市宣传思想文化战线坚持以***新时代中国特色社会主义思想为指导,", []),
        ("历时一年,完成了全部建设任务。", [("一年", 1, "年", "exact")]),
    ],
)
def test_page_furniture_starred_words_markers_and_the_past_year(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d102: a run of underscores is a blank for digits, like xx; 20__年 stays a year (d91)
        ("区委中心组坚持每月集中学习不少于____天", [("不少于____天", None, "天", "at_least")]),
        ("坚持开展调查研究并撰写____篇研讨文章。", [("____篇", None, "篇", "exact")]),
        ("市政府提出,要在20__年创成全国文明城市。", []),
        # d113: an issue, then the verb 刊发 (期刊 alone is a periodical: the veto stays)
        ("内部刊物,每月出版1期刊发统战工作领导小组成员及单位阅览。", [("1期", 1, "期", "exact")]),
        ("订阅各类期刊,", []),
    ],
)
def test_blanks_for_digits_and_an_issue_before_kanfa(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d119: 中央7套 is a television channel; the count after it stays
        (
            "上稿19篇,其中中央7套一条,中央13套1条;",
            [("19篇", 19, "篇", "exact"), ("一条", 1, "条", "exact"), ("1条", 1, "条", "exact")],
        ),
        ("购置音响设备3套,", [("3套", 3, "套", "exact")]),
        # d120: (xx宗祠) names a temple; 宗 still counts cases
        ("列入县级非物质文化遗产名录的x个(xx宗祠),", [("x个", None, "个", "exact")]),
        ("调处矛盾纠纷12宗,", [("12宗", 12, "宗", "exact")]),
        # d122: a session's number after its organ; a count of meetings held stays
        ("认真学习传达市政府十七次市域经济运行分析会议、市纪委四届四次全会工作报告", []),
        ("县委召开3次常委会议,", [("3次", 3, "次", "exact")]),
        # d121, d122: rates with a longer verb, or every half year
        ("党委中心组学习制度规定每月至少开展一次集中学习,", [("一次", 1, "次", "exact")]),
        ("半年组织一次中心组理论学习,", [("一次", 1, "次", "exact")]),
        ("开展一次集中学习,", []),  # indefinite 一 without a rate
    ],
)
def test_channels_temples_sessions_and_rates(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d128, d130: the page's lengths of the text (全文3110字, 全文共3309字, 当前仅显示1671字)
        ("2020年宣传思想文化工作总结(3100字)(全文3110字)", []),
        ("……(未完,全文共3309字,当前仅显示1671字,请阅读下面提示信息。", []),
        ("编印学习资料12万字,", [("12万字", 120000, "字", "exact")]),  # characters of the work
        # d130: 每一个…都 is each; 每…一个 as a rate's count stays
        ("回顾15年来的奋斗历史,每一个**人都感到无比的欣慰与自豪。", [("15年", 15, "年", "exact")]),
        ("每一名党员都要参加学习,", []),
        ("每村确定示范点一个,都要挂牌,", [("一个", 1, "个", "exact")]),  # a count after its noun
        # d130: 一 before a description with 、 and 的 is an article too
        ("把一座坐落在戈壁荒漠、自然环境条件恶劣的工矿城区,打造成现代化城市,", []),
        ("建成一座图书馆,", [("一座", 1, "座", "exact")]),
    ],
)
def test_page_lengths_each_and_described_articles(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d132: a year described (…的一年, then a clause end) is the year itself
        ("2020年是极不平凡的一年,面对突如其来的新冠肺炎疫情", []),
        ("在刚刚过去的一年里,全镇上下团结奋斗", []),
        # negatives: a length of time
        ("项目建设周期为一年。", [("一年", 1, "年", "exact")]),
        ("志愿服务时长累计达到一年,", [("一年", 1, "年", "exact")]),
    ],
)
def test_a_described_year(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d135: 的 and a two-character word before 一年, then a clause end: a year described
        ("也是我县推进新型工业化进程,建设社会主义新农村的重要一年。今年以来,", []),
        ("项目周期为一年。", [("一年", 1, "年", "exact")]),  # a length
        # d137: 篇次 is a measure word; ℅ is typed for %
        (
            "在市教育局网等媒体发表文章130余篇次,超额550℅完成了宣传任务。",
            [("130余篇次", 130, "篇次", "over"), ("550℅", 550, "%", "exact")],
        ),
        ("发表文章7篇,", [("7篇", 7, "篇", "exact")]),
    ],
)
def test_a_described_year_with_a_word_pianci_and_care_of_for_percent(text, expected):
    assert _q(text) == expected


def test_the_pages_count_before_its_page_number_in_a_title():
    # d145 (社区宣传工作总结(10篇)(23)): the listing's page (23) after the count of its texts
    assert _article(["社区宣传工作总结(10篇)(23)", "开展宣传活动10篇,"]) == [(2, "10篇")]
    # negative: a bracket of words after the count is no page number
    assert _article(["社区宣传工作总结(10篇)(节选)", "x"]) == [(1, "10篇")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d146 (大通街道, Traditional): a bare 市 starting a phrase names the organ of a congress
        ("認真貫徹黨的十八大、市九次全國共產黨代表大會精神,", []),
        ("学习贯彻县十三次党代会精神", []),
        # negatives: the meetings a place held, counted
        ("全县3次大会均按期召开,", [("3次", 3, "次", "exact")]),
        ("组织市3次会议,", [("3次", 3, "次", "exact")]),
    ],
)
def test_a_congress_numbered_after_a_bare_place(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d150 (开发区团工委): 超 before a figure is 超过 shortened
        ("累计服务时间超600小时。", [("超600小时", 600, "小时", "over")]),
        ("赶超3家先进单位,", [("3家", 3, "家", "exact")]),  # negative: 超 inside 赶超
        # d155 (靖西市融媒体中心): minutes after an hour are a time of day
        ("早上8点30分,召开了座谈会。", []),
        ("考核得分90分,", [("90分", 90, "分", "exact")]),  # negative: a score
        # d152 (中华村): 每一 + measure word is each, with or without 都 later
        ("让社会主义核心价值观在每一个家庭生根。", []),
        ("每月开展一次集中学习,", [("一次", 1, "次", "exact")]),  # negative: a rate
        # d152: quoted speech (a sentence's end inside the quotes) holds counted figures
        (
            "“今年的‘好婆婆’‘好媳妇’评选活动共评选出10人,还新增加了两个‘十星级文明户’,大家都在比着做。”村党支部书记说。",
            [("10人", 10, "人", "exact"), ("两个", 2, "个", "exact")],
        ),
        ("开展“争创十个文明村,培育百户示范户”活动,", []),  # negative: a slogan with a comma
    ],
)
def test_shortened_over_clock_times_each_and_quoted_speech(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d161 (县精神文明办, flattened): a slogan 三个XX whose word is starred out is a name
        (
            "狠抓宣传教育、实践养成、典型认领三个环节,全县干部群众道德水准和社会的文明程度不断提高,为建设三个**提供强大的思想保证",
            [("三个", 3, "个", "exact")],
        ),
        ("为建设三个XX提供强大的思想保证", []),
        # negatives: an Arabic figure before withheld words counts; so does 个 before a noun
        ("全县完成3个xx", [("3个", 3, "个", "exact")]),
        # d120 (乡镇文化宣传): withheld names run into the Chinese numeral that counts them
        ("积极用好xx、xx、xx、xx四处文化礼堂作用,", [("四处", 4, "处", "exact")]),
        ("xx村三名干部参加培训", [("三名", 3, "名", "exact")]),
        ("在xx届三中全会精神指引下", []),  # negative: the numeral after the x's is still an ordinal
        # d135 (縣對外宣傳, Traditional): a figure with its decimals withheld
        ("年初縣上拿出7.xxxx元專項資金對2005年外宣工作成績突出的單位", [("7.xxxx元", None, "元", "exact")]),
        ("2.xx村开展志愿服务活动", []),  # negative: an outline marker before a withheld name
        # d89 (创建全国文明城市): a withheld length with 多 after its 年 is a duration
        ("我市x年多的集中创建工作历经了xx年x月-xx年x月的", [("x年多", None, "年", "over")]),
        ("201x年多措并举", []),  # negative: a withheld year, and 多措 no qualifier
    ],
)
def test_withheld_words_next_to_figures(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d166 (XX县精神文明建设): a weekday's numeral before the next weekday counts no weeks
        ("他们周六周日排练,在各重大节日演出。每年都保证演出5场以上,", [("5场以上", 5, "场", "over")]),
        ("坚持两周一次", [("两周", 2, "周", "exact"), ("一次", 1, "次", "exact")]),  # negative
        # d171 (潍坊市人民医院): the page's length of its own text and its reading time
        ("本篇文章875字,读完约2分钟", []),
        (
            "坚持每天阅读30分钟,撰写心得体会3000字",
            [("30分钟", 30, "分钟", "exact"), ("3000字", 3000, "字", "exact")],
        ),
        # d169 (农电局): 、 typed for a decimal point leaves no figure of its fragment
        ("同去年同期相比超额34、9%。", []),
        ("同比增长34.9%,", [("34.9%", 34.9, "%", "exact")]),  # negative
        # d169: the formula of the two civilisations, not a count of them
        ("把宣传工作作为促进两个文明建设的重要手段,", []),
        ("推荐两个文明村参加评选", [("两个", 2, "个", "exact")]),  # negative: titled units, counted
    ],
)
def test_weekdays_page_headers_a_typed_point_and_the_civilisations(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d172 (官垱小学): a duration and a numeral that counts nothing is a name
        ("先后开办过小学、初中、高中、九年一贯制学校,", []),
        ("两年一次", [("两年", 2, "年", "exact"), ("一次", 1, "次", "exact")]),  # negative: a rate
        ("坚持三年一届", [("三年", 3, "年", "exact")]),  # negative: a rate of terms
        # d172: the preview's sample number runs into a Chinese-numeral duration
        ("3六十多年的开展历程,熔铸了良好的校风", [("六十多年", 60, "年", "over")]),
        ("组织5百余人参加", []),  # negative: 百 is a place value of the 5, not a figure alone
        # d173 (昭通供电局): the minutes of the page's clock time before 本网讯
        ("2015-06-29 17:13本网讯 (通讯员 贾理要) 近日", []),
        ("印发宣传资料13本", [("13本", 13, "本", "exact")]),  # negative
    ],
)
def test_durations_naming_a_kind_digits_run_into_numerals_and_clock_minutes(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d179 (博野法院): 上一篇下一篇 is the page's navigation
        ("预览时标签不可点收录于话题#个上一篇下一篇", []),
        ("在会上一名代表作了发言,线上一场讲座", [("一名", 1, "名", "exact"), ("一场", 1, "场", "exact")]),
        # d183 (社區文化工作總結): an article before a two-character description and 的
        ("在這裡分享一篇優秀的總結范文,希望對大家有所幫助。", []),
        ("撰写一篇心得体会", [("一篇", 1, "篇", "exact")]),  # negative
        # d184 (社区文化活动评估报告): before a quoted name and 的; a listing's metadata line
        (
            "组织了一场“邻里守望,携手同行”的志愿服务活动,吸引了200余名居民参与",
            [("200余名", 200, "名", "over")],
        ),
        ("  • 约1.94万字", []),
        ("编写读本约1.94万字。", [("约1.94万字", 19400, "字", "about")]),  # negative
    ],
)
def test_navigation_described_articles_and_listing_metadata(text, expected):
    assert _q(text) == expected


def test_the_pages_count_of_sample_texts_on_a_title_line_under_the_first():
    # d183: the page's first line is 手機閱讀; the title with its count stands below it
    assert _article(["手機閱讀", "", "社區(qū)文化工作總結(jié)(優(yōu)秀9篇)", "隊員三名"]) == [(4, "三名")]
    # negative: a sentence with clauses keeps its count at the line's end
    assert _article(["手機閱讀", "全年撰写信息、工作总结9篇"]) == [(2, "9篇")]
    assert _article(["手機閱讀", "撰写工作总结9篇"]) == [(2, "9篇")]  # below the first line: brackets needed


def test_a_figure_grouped_by_commas_is_no_phone_number():
    # d189 (商务部办公厅): visits counted in nine digits, grouped by commas
    assert _q("全年地方商务之窗共发布信息342,448条,网站访问量866,091,854次,") == [
        ("342,448条", 342448, "条", "exact"),
        ("866,091,854次", 866091854, "次", "exact"),
    ]
    assert _q("咨询电话13912345678次日回复") == []  # negative: an ungrouped run of digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d192 (乡镇文明创建): 方 after a figure is cubic metres of earth
        (
            "宽两侧各6米,土方量28800方,共投资19万元。",
            [("6米", 6, "米", "exact"), ("28800方", 28800, "方", "exact"), ("19万元", 19, "万元", "exact")],
        ),
        ("从3方面入手,共有四方代表参加", [("3方面", 3, "方面", "exact")]),  # negative: 方面; a bare 四方
        # d193 (健康教育): 只 after a figure counts notice boards
        (
            "健康教育宣传栏张贴2期,涵盖全街道56只宣传栏",
            [("2期", 2, "期", "exact"), ("56只", 56, "只", "exact")],
        ),
        (
            "全县32个乡镇只有5个达标",
            [("32个", 32, "个", "exact"), ("5个", 5, "个", "exact")],
        ),  # negative: 只有
    ],
)
def test_fang_and_zhi_after_a_figure(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d200 (西宁特警): figures with the place words 万 and 千 between them
        (
            "吸引群众分享转发浏览达1万2千余次,阅读人数达8100余人。",
            [("1万2千余次", 12000, "次", "over"), ("8100余人", 8100, "人", "over")],
        ),
        ("全镇已完成道路建设1万千米,", [("1万千米", 10000, "千米", "exact")]),  # negative: 千米 is the unit
        # d198 (縣志愿者協會): 歡聚一堂 is an idiom
        ("志愿者們歡聚一堂,組成了一片“志愿紅”的海洋。", []),
        ("组织党员上党课一堂,", [("一堂", 1, "堂", "exact")]),  # negative: a lesson counted
    ],
)
def test_figures_with_place_words_and_a_gathering(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d208 (全国创建文明城市工作经验交流发言材料): the page's note of the text's length
        ("【文章共3960字,精选参考范文,仅供学习借鉴】", []),
        ("全文共5200字", []),
        # negative: written work counted inside a sentence
        ("全年撰写心得文章共2万余字", [("2万余字", 20000, "字", "over")]),
    ],
)
def test_the_pages_note_of_its_own_length(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d213 (扎赉诺尔区精神文明建设): sessions of numbered terms, not counts
        ("及自治区八届十三次、市xx届九次、区十一届八次全委(扩大)会议", []),
        # negatives: a count of sessions after an unnumbered term word
        ("本届3次会议均按时召开", [("3次", 3, "次", "exact")]),
        ("历届3次评选", [("3次", 3, "次", "exact")]),
    ],
)
def test_a_session_number_after_a_numbered_term(text, expected):
    assert _q(text) == expected


def test_html_tags_left_in_the_text_are_removed():
    # d212 (三明市2010年精神文明建设工作总结, a forum archive): the markup hides the outline
    # markers and splits 1、; offsets stay the input's
    from zongjie.extraction.split import split_articles
    from zongjie.extraction.structure import find_headings

    lines = [
        "三明市2010年精神文明建设工作总结",
        '<p style="LINE-HEIGHT: 23pt"><span style="FONT-SIZE: 15pt">一、精心组织,科学规划。</span></p>',
        '<p><b><span style="FONT-SIZE: 15pt">1</span></b><b><span>、</span></b><b><span>扎实推进创城工作。</span></b>'
        '<span style="FONT-SIZE: 15pt">下发《三明市<span>2010</span>年创建工作计划》,开展活动12场。</span></p>',
    ]
    doc = normalise_lines(lines)
    assert doc[1].text == "一、精心组织,科学规划。"
    (article,) = list(split_articles(doc))
    assert [(h.line, h.level, h.text) for h in find_headings(article)] == [
        (2, 1, "精心组织,科学规划"),
        (3, 2, "扎实推进创城工作"),
    ]
    (q,) = find_quantities_in_line(doc[2])
    assert (q.text, q.char, lines[2][q.char : q.char + 3]) == ("12场", lines[2].index("12场"), "12场")
    # negative: a less-than sign and a bracketed word are no tags
    assert (
        normalise_lines(["比例<5%的单位有3个,《标准》<达标>"])[0].text == "比例<5%的单位有3个,《标准》<达标>"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d214 (中心台村新时代文明实践站): 平米, the short form of 平方米
        ("中心台村新时代文明实践站建筑面积300平米,内设百姓讲堂", [("300平米", 300, "平方米", "exact")]),
        ("每平米造价3000元", [("3000元", 3000, "元", "exact")]),  # negative: no figure before it
    ],
)
def test_square_metres_in_short(text, expected):
    assert _q(text) == expected
