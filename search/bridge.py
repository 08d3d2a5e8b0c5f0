"""The vocabulary bridge: from how people ask to how rules are written, for both front ends.

A lay question (请假要谁批准, 借钱不还过几年就不能起诉了) holds three kinds of words the articles do not:

- words that ask rather than say what is asked about (吗, 怎么办, 请问, 我): ``QUESTION_WORDS``. They are left out
  of the words every hit must hold; otherwise a question of eight words finds no article holding them all and falls
  back to any article holding any one of them.
- the form of the question (``FORMS``): 谁 / 哪个部门 asks for who approves or is responsible, 多久 / 几天 / 多少 for a
  limit or a number, 能不能 / 是否 / 可以 for a permission or a prohibition. Among the candidates an article that
  answers in that form (由……批准, 十五日, 不得) gains ``FORM_BONUS``; one that only defines terms or the scope
  (本规定所称……是指, 本办法适用于) loses ``DEFINITION_PENALTY`` when the question asks for a rule.
- everyday words for what rules call otherwise (借钱 → 借款, 辞退 → 解除劳动合同): the thesaurus
  (``search.thesaurus``), widened here by ``BRIDGE``, weighed ``BRIDGE_WEIGHT`` of a typed word, so that an
  expansion helps more than it drifts.

Everything here reaches the search box through ``meta.json`` (``definition()``); the JS engine holds no copy.
"""

from __future__ import annotations

QUESTION_WORDS = (
    "吗", "呢", "吧", "啊", "呀", "嘛", "么", "请问", "问", "我", "我们", "你", "他", "她", "他们", "自己", "人家", "咱们",
    "什么", "怎么", "怎么办", "怎样", "怎么样", "如何", "为什么", "为何", "哪些", "哪个", "哪里", "哪儿", "哪", "吗?",
    "是不是", "能不能", "可不可以", "会不会", "有没有", "行不行", "能否", "可否", "是否", "要不要", "该不该",
    "应该", "需要", "想", "想要", "打算", "一下", "现在", "已经", "这个", "那个", "这种", "那种", "这样", "那样",
    "情况", "问题", "怎么处理", "如何处理", "什么样", "呢?", "还", "就", "都", "又", "了", "过", "着", "给", "让",
    "谁", "多久", "多少", "几", "多长", "要", "能", "会", "可以", "该", "被", "把",
)
"""Words that ask, not what is asked about: never required of a hit, never reported as 没有找到."""

FORMS: dict[str, dict[str, list[str]]] = {
    "who": {
        "ask": ["谁", "哪个部门", "哪个机关", "哪个单位", "哪个领导", "哪一级", "由谁", "什么部门", "什么机关", "谁批", "谁来"],
        "answer": ["由[^。；]{0,24}(?:批准|审批|负责|决定|签批|审核|同意|办理)", "(?:批准|审批|审核|签批)(?:权限|程序)",
                   "报[^。；]{0,16}(?:批准|审批)", "(?:部门|机关|单位|院领导|负责人)[^。；]{0,6}(?:审批|批准|负责)"],
    },
    "limit": {
        "ask": ["多久", "几天", "多少天", "几年", "多少年", "几个月", "多长时间", "多长", "多少", "几次", "几日", "多少钱", "几岁", "多大"],
        "answer": ["[零〇一二两三四五六七八九十百千万0-9]+(?:个)?(?:日|天|年|月|周岁|岁|小时|次|倍|元|工作日)",
                   "(?:以内|以上|以下|不超过|不少于|不得超过|期限|期间届满|届满|上限|限额|过半数|半数|三分之二|多数)"],
    },
    "may": {
        "ask": ["能不能", "能否", "是否", "可以", "可不可以", "可否", "会不会", "有没有权", "有权", "行不行", "允许", "能"],
        "answer": ["(?:不得|禁止|严禁|可以|有权|无权|应当|不准|不予|准予|允许)"],
    },
}
"""Question forms: words that ask in that form, and patterns of an article that answers in it."""

NUMBER_RUN = "^[零〇一二两三四五六七八九十百千万0-9]+[个]?[天日年月周岁次倍元号条款项]?$"
"""A run of a number and its unit (三天, 十五日) is never reported as 没有找到: the index holds its characters."""
DEFINITION_PATTERNS = ["所称[^。]{0,40}是指", "^[^。，]{0,30}是指", "^本(?:规定|办法|条例|法|细则|制度|解释)适用于", "^为了[^。]{0,80}制定本",
                       "^本(?:规定|办法|条例|法|细则|制度|解释)所称"]
"""An article that defines terms, states the scope or the purpose: not what a question asking for a rule wants."""
RULE = "rule"
"""The name of the form "asks for a rule, not a definition" among a query's forms."""
DEFINITION_ASKS = ["是指", "定义", "含义", "什么是", "范围", "适用", "目的"]
"""Words that ask for a definition or the scope: then definition articles are not weighed down."""

ABBREVIATION_LENGTHS = (2, 4)
"""A word of this many characters that no document holds may be an abbreviation (村委会, 保密法)."""
ABBREVIATION_RARE = 20
"""... or that fewer documents than this hold (村委会 is written out as 村民委员会 in all but a few)."""
ABBREVIATION_WEIGHT = 0.9
"""What the full word an abbreviation stands for counts (as a synonym of the thesaurus does)."""

FORM_BONUS = 0.3
"""What an article answering in the question's form gains (a share of its score), per form asked."""
DEFINITION_PENALTY = 0.5
"""What a definition, scope or purpose article keeps of its score when the question asks for a rule."""
BRIDGE_WEIGHT = 0.5
"""What a word of the bridge counts against the typed word it stands for."""

BRIDGE: dict[str, list[str]] = {
    # Everyday words → the words of rules (a one-way widening; curated, each checked against the laws' wording).
    "批": ["审批", "批准"],
    "批准": ["审批"],
    "天": ["日"],
    "休假": ["节假日", "度假"],
    "用车": ["使用车辆", "公务用车"],
    "村委会": ["村民委员会"],
    "居委会": ["居民委员会"],
    "业委会": ["业主委员会"],
    "借钱": ["借款", "借贷"],
    "借给": ["借款", "出借"],
    "欠钱": ["借款", "债务"],
    "不还": ["归还", "偿还", "清偿"],
    "还钱": ["偿还", "归还", "清偿"],
    "辞退": ["解除劳动合同", "辞退"],
    "开除": ["解除劳动合同", "开除"],
    "炒鱿鱼": ["解除劳动合同"],
    "工资": ["劳动报酬", "工资"],
    "薪水": ["劳动报酬", "工资"],
    "一天": ["每日"],
    "每天": ["每日"],
    "退休金": ["基本养老金", "养老保险"],
    "养老金": ["基本养老金"],
    "起诉": ["诉讼", "起诉"],
    "告": ["起诉", "诉讼"],
    "打官司": ["诉讼", "起诉"],
    "过几年": ["诉讼时效"],
    "几年内": ["诉讼时效"],
    "时效": ["诉讼时效"],
    "不能起诉": ["诉讼时效"],
    "还能起诉": ["诉讼时效"],
    "还能告": ["诉讼时效"],
    "赔多少": ["赔偿金", "赔偿"],
    "赔钱": ["赔偿", "赔偿金"],
    "关押": ["羁押", "拘留"],
    "关起来": ["羁押", "拘留"],
    "坐牢": ["有期徒刑", "监禁"],
    "判刑": ["刑罚", "有期徒刑"],
    "老公": ["配偶", "夫妻"],
    "老婆": ["配偶", "夫妻"],
    "丈夫": ["配偶", "夫妻"],
    "妻子": ["配偶", "夫妻"],
    "孩子": ["子女", "未成年人"],
    "小孩": ["子女", "未成年人"],
    "爸妈": ["父母"],
    "房东": ["出租人"],
    "租客": ["承租人"],
    "租房": ["租赁", "承租"],
    "房租": ["租金"],
    "老板": ["用人单位", "雇主"],
    "公司": ["用人单位", "公司"],
    "员工": ["劳动者", "职工"],
    "打工": ["劳动者", "劳务"],
    "上班": ["工作", "劳动"],
    "交够": ["累计缴费", "缴费"],
    "交满": ["累计缴费"],
    "交社保": ["缴纳社会保险费"],
    "撞人": ["交通事故", "致人损害"],
    "撞了": ["交通事故"],
    "车祸": ["交通事故"],
    "被狗咬": ["饲养的动物", "动物损害"],
    "狗咬": ["饲养的动物"],
    "看病": ["医疗", "诊疗"],
    "医院": ["医疗机构"],
    "医生": ["医务人员"],
    "买东西": ["购买商品", "消费者"],
    "假货": ["假冒", "欺诈"],
    "退货": ["退货", "退回"],
    "卖家": ["经营者", "出卖人"],
    "商家": ["经营者"],
    "网购": ["网络交易", "电子商务"],
    "离婚后": ["离婚"],
    "分财产": ["分割", "共同财产"],
    "遗产": ["遗产", "继承"],
    "拆迁": ["征收", "补偿"],
    "强拆": ["强制拆除", "征收"],
    "换届": ["每届任期", "任期"],
    "一届": ["每届任期", "任期"],
    "换一届": ["换届", "每届任期"],
    "当兵": ["服兵役", "兵役"],
    "罚款": ["罚款"],
    "拘留": ["拘留"],
    "打人": ["殴打他人", "伤害"],
    "偷东西": ["盗窃"],
    "偷": ["盗窃"],
    "骗钱": ["诈骗"],
    "抢东西": ["抢夺", "抢劫"],
    "担保人": ["保证人"],
    "作保": ["保证"],
    "欠条": ["借据", "借款"],
    "利息": ["利息", "利率"],
    "版权": ["著作权"],
    "盗版": ["侵犯著作权", "复制"],
    "商标被抢注": ["抢先注册"],
    "山寨": ["近似商标", "混淆"],
    "承包地": ["承包地", "土地承包经营权"],
    "宅基地": ["宅基地"],
    "物业费": ["物业费", "物业服务费用"],
    "业主": ["业主"],
    "导游": ["导游", "旅行社"],
    "旅行团": ["旅行社", "包价旅游"],
    "开发商": ["出卖人", "房地产开发企业"],
    "装修": ["装饰装修"],
    "工伤": ["工伤"],
    "受伤": ["损害", "伤害"],
    "去世": ["死亡"],
    "死了": ["死亡"],
    "没钱": ["经济困难"],
    "请律师": ["委托代理人", "律师"],
    "信息公开": ["政府信息公开"],
    # Everyday words of an office's own life (leave, attendance, meetings, documents, vehicles).
    "父亲": ["父母"],
    "母亲": ["父母"],
    "爸爸": ["父母"],
    "妈妈": ["父母"],
    "儿子": ["子女"],
    "女儿": ["子女"],
    "岳父": ["配偶父母"],
    "岳母": ["配偶父母"],
    "公婆": ["配偶父母"],
    "周末": ["休息日"],
    "双休日": ["休息日"],
    "放假": ["节假日", "休假"],
    "打卡": ["签到", "考勤"],
    "调休": ["补休"],
    "怀孕": ["孕期", "生育"],
    "生孩子": ["生育"],
    "开会": ["会议"],
    "参加": ["出席"],
    "到场": ["出席", "到会"],
    "到会": ["出席"],
    "错别字": ["笔误"],
    "写错": ["笔误"],
    "开车": ["驾驶"],
    "喝酒": ["饮酒"],
    "违章": ["交通违法", "违章"],
    "裁员": ["裁减人员"],
    "打分": ["评分", "积分", "考评"],
    "带走": ["带出", "携带"],
    "管账": ["记账", "账目"],
    "电脑": ["计算机"],
    "u盘": ["移动存储介质", "存储介质"],
    "优盘": ["移动存储介质", "存储介质"],
    "b超": ["超声"],
    "手机": ["移动电话", "通讯工具"],
    "参审": ["参加审判"],
    "每年": ["年度"],
    "交不起": ["缓交", "免交", "经济困难"],
}
"""Curated everyday → legal words (one way), weighed ``BRIDGE_WEIGHT``. Keys are written as a query is normalized
(lower-case letters): letters and the one character after them (u盘) are read as one word (``Engine._mixed``)."""


def definition() -> dict:
    """The bridge as ``meta.json`` carries it for the search box."""
    return {
        "questionWords": list(QUESTION_WORDS), "forms": FORMS, "definitionPatterns": DEFINITION_PATTERNS,
        "definitionAsks": DEFINITION_ASKS, "rule": RULE, "formBonus": FORM_BONUS, "definitionPenalty": DEFINITION_PENALTY,
        "bridgeWeight": BRIDGE_WEIGHT, "bridge": BRIDGE, "numberRun": NUMBER_RUN,
        "abbreviationLengths": list(ABBREVIATION_LENGTHS), "abbreviationWeight": ABBREVIATION_WEIGHT, "abbreviationRare": ABBREVIATION_RARE,
    }
