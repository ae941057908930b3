//! One test per entity rule family, on small examples written for the project,
//! and the check that the lexicons load without duplicates or conflicts.

use std::sync::OnceLock;
use zhikg::model::EntityType;
use zhikg::resources::Resources;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| Resources::load(true).expect("resources"))
}

/// (class, label, rules) of every entity found in `text`.
fn entities(text: &str) -> Vec<(EntityType, String, Vec<String>)> {
    let source = zhikg::stages::read::decode("example.md", text.as_bytes()).unwrap();
    let set = zhikg::pipeline::process(source, res());
    let mut out = Vec::new();
    for ex in &set.articles {
        for e in &ex.entities {
            let mut rules: Vec<String> = e
                .mentions
                .iter()
                .map(|&i| ex.mentions[i].rule.to_string())
                .collect();
            rules.sort();
            rules.dedup();
            out.push((e.entity_type, e.label.clone(), rules));
        }
    }
    out
}

fn has(text: &str, class: EntityType, label: &str) {
    let got = entities(text);
    assert!(
        got.iter().any(|(c, l, _)| *c == class && l == label),
        "{class} {label} not in {got:?}"
    );
}

fn lacks(text: &str, label: &str) {
    let got = entities(text);
    assert!(
        !got.iter().any(|(_, l, _)| l == label),
        "{label} in {got:?}"
    );
}

#[test]
fn lexicons_load_without_duplicates_or_conflicts() {
    let lexicon = zhikg::data::load_lexicon().expect("lexicons load");
    assert!(lexicon.entries().len() > 2000);
    // Abbreviations resolve to the full name.
    assert_eq!(
        lexicon.get("国家网信办").map(|e| e.label.as_str()),
        Some("国家互联网信息办公室")
    );
    assert!(zhikg::data::load_rules().is_ok());
}

#[test]
fn lexicon_names_and_their_short_forms() {
    has(
        "# 甲\n\n网信办和公安部召开会议。\n",
        EntityType::Institution,
        "国家互联网信息办公室",
    );
    has(
        "# 甲\n\n网信办和公安部召开会议。\n",
        EntityType::Institution,
        "公安部",
    );
    // A short form inside a longer word is not matched (最高法 in 最高法院).
    lacks("# 甲\n\n巴西联邦最高法院作出裁决。\n", "最高人民法院");
}

#[test]
fn names_grown_from_their_heads() {
    has(
        "# 甲\n\n复旦大学国际问题研究院发布报告。\n",
        EntityType::Institution,
        "复旦大学国际问题研究院",
    );
    has(
        "# 甲\n\n复旦大学国际问题研究院发布报告。\n",
        EntityType::Institution,
        "复旦大学",
    );
    has(
        "# 甲\n\n中国提出全球数字合作倡议。\n",
        EntityType::Initiative,
        "全球数字合作倡议",
    );
    has(
        "# 甲\n\n2025世界人工智能大会暨人工智能全球治理高级别会议在上海举行。\n",
        EntityType::Initiative,
        "2025世界人工智能大会暨人工智能全球治理高级别会议",
    );
    // A generic phrase is not a name.
    lacks("# 甲\n\n各国政府和国际组织应加强合作。\n", "国际组织");
}

#[test]
fn titles_and_quoted_terms() {
    has(
        "# 甲\n\n《数据要素流通条例》明确了规则。\n",
        EntityType::Initiative,
        "数据要素流通条例",
    );
    has(
        "# 甲\n\n“十五五”规划纲要提出新目标。\n",
        EntityType::Initiative,
        "十五五规划纲要",
    );
    has(
        "# 甲\n\n要警惕“信息茧房”。\n",
        EntityType::Concept,
        "信息茧房",
    );
}

#[test]
fn people_from_posts_bylines_and_foreign_names() {
    has(
        "# 甲\n\n国家数据局局长刘烈宏出席。\n",
        EntityType::Person,
        "刘烈宏",
    );
    has("# 甲\n\n作者 陈 立\n\n正文。\n", EntityType::Person, "陈立");
    has(
        "# 甲\n\n挪威学者卡尔·维斯特伦访问中国。\n",
        EntityType::Person,
        "卡尔·维斯特伦",
    );
    // A name known to the lexicon under a longer form resolves to its label.
    has(
        "# 甲\n\n法国总统埃马纽埃尔·马克龙访问中国。\n",
        EntityType::Person,
        "马克龙",
    );
    // Words that look like names are not people.
    lacks("# 甲\n\n白皮书指出，数字经济发展迅速。\n", "白皮书");
}

#[test]
fn places_abbreviations_and_references() {
    has("# 甲\n\n中美两国元首会晤。\n", EntityType::Place, "美国");
    has("# 甲\n\n外国元首访华。\n", EntityType::Place, "中国");
    let got = entities("# 甲\n\n我国高度重视数据安全。\n");
    let china = got
        .iter()
        .find(|(_, l, _)| l == "中国")
        .expect("我国 refers to 中国");
    assert_eq!(china.2, vec!["reference".to_string()]);
}

#[test]
fn policy_concepts() {
    has(
        "# 甲\n\n要防止数字鸿沟扩大，推进网络空间命运共同体建设。\n",
        EntityType::Concept,
        "数字鸿沟",
    );
    has(
        "# 甲\n\n技术民族主义抬头。\n",
        EntityType::Concept,
        "技术民族主义",
    );
}

#[test]
fn one_character_places_only_where_they_abbreviate() {
    // 中方 and 在京 abbreviate; the 加 of 加剧 or 加强 is no 加拿大.
    has(
        "# 甲\n\n中方愿同各方加强合作。\n",
        EntityType::Place,
        "中国",
    );
    has("# 甲\n\n论坛日前在京举行。\n", EntityType::Place, "北京");
    has(
        "# 甲\n\n俄总统与议会僵持不下。\n",
        EntityType::Place,
        "俄罗斯",
    );
    lacks("# 甲\n\n日益加剧的分化需要各方加强协调。\n", "加拿大");
}

#[test]
fn people_and_places_named_inside_titles_and_terms() {
    let got = entities("# 甲\n\n学者们重读《邓小平文选》，研究邓小平理论。\n");
    assert!(
        got.iter()
            .any(|(c, l, _)| *c == EntityType::Person && l == "邓小平"),
        "邓小平 not in {got:?}"
    );
    assert!(
        got.iter().any(|(c, _, _)| *c == EntityType::Initiative),
        "the title stays an initiative: {got:?}"
    );
}

#[test]
fn places_the_lexicon_knows_as_regions() {
    has(
        "# 甲\n\n华北和西北地区迎来降温。\n",
        EntityType::Place,
        "华北",
    );
    has(
        "# 甲\n\n科索沃局势引发关注。\n",
        EntityType::Place,
        "科索沃",
    );
    // Foreign places are written in transliteration characters.
    has(
        "# 甲\n\n本报波恩电 德国队昨天获胜。\n",
        EntityType::Place,
        "波恩",
    );
}

#[test]
fn surname_and_honorific_written_as_one_word() {
    // 胡老 is one word to the segmenter; the surname names the person.
    has("# 甲\n\n胡老说，要多读书。\n", EntityType::Person, "胡");
    lacks("# 甲\n\n胡老说，要多读书。\n", "胡老");
}

#[test]
fn nouns_are_not_people() {
    // 鲁 is a surname, but 鲁棒性 ends as a noun does; 施策 is a policy word.
    lacks("# 甲\n\n要提升模型的鲁棒性和透明度。\n", "鲁棒性");
    lacks("# 甲\n\n坚持分类施策，精准施策。\n", "施策");
}

/// The surface forms of the mentions of `class` in `text`.
fn surfaces(text: &str, class: EntityType) -> Vec<String> {
    let source = zhikg::stages::read::decode("example.md", text.as_bytes()).unwrap();
    let set = zhikg::pipeline::process(source, res());
    let mut out: Vec<String> = set
        .articles
        .iter()
        .flat_map(|ex| ex.mentions.iter())
        .filter(|m| m.entity_type == class)
        .map(|m| m.surface.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn surname_with_an_anonymising_word_or_a_post() {
    // 王某 hides a name; 毛主席 is a surname and a post the segmenter tags as a noun.
    has(
        "# 甲\n\n车站职工王某当天正常上班。\n",
        EntityType::Person,
        "王",
    );
    has(
        "# 甲\n\n他认真学习毛主席的著作。\n",
        EntityType::Person,
        "毛",
    );
}

#[test]
fn people_need_evidence_and_no_common_word() {
    // A post next to a transliterated name vouches for it.
    has(
        "# 甲\n\n德国总理科尔今天会见了代表团。\n",
        EntityType::Person,
        "科尔",
    );
    // 宣传周 is in the segmenter's dictionary as a name, but opens with a word.
    lacks("# 甲\n\n各地举办知识产权宣传周等活动。\n", "宣传周");
    // 郑重宣布 opens with the adverb 郑重.
    lacks("# 甲\n\n他郑重宣布了这一决定。\n", "郑重宣布");
    // A loanword written in name characters is no person.
    lacks("# 甲\n\n香烟中的尼古丁危害健康。\n", "尼古丁");
    // 牟利 (to profit) is a name in the segmenter's dictionary.
    lacks("# 甲\n\n严禁利用“网红儿童”牟利等行为。\n", "牟利");
}

#[test]
fn surnames_split_from_their_given_names() {
    // The segmenter reads 蒋天才 as 蒋 + 天才 (genius).
    has(
        "# 甲\n\n大家从蒋天才的悔悟中受到教育。\n",
        EntityType::Person,
        "蒋天才",
    );
    // 官员 ends as a noun of persons does: 乌 is Ukraine here.
    lacks("# 甲\n\n乌官员表示将继续谈判。\n", "乌官员");
}

#[test]
fn japanese_names() {
    has(
        "# 甲\n\n日本首相桥本龙太郎今天发表讲话。\n",
        EntityType::Person,
        "桥本龙太郎",
    );
    has("# 甲\n\n桥本首相兑现了承诺。\n", EntityType::Person, "桥本");
}

#[test]
fn place_mentions_follow_the_name() {
    // A region word is left out; the label is the place's.
    assert!(
        surfaces("# 甲\n\n亚太地区经济保持增长。\n", EntityType::Place)
            .contains(&"亚太".to_string())
    );
    // An administrative suffix written apart belongs to the mention, not the label.
    let vienna = surfaces("# 甲\n\n会议在维也纳市举行。\n", EntityType::Place);
    assert!(vienna.contains(&"维也纳市".to_string()), "{vienna:?}");
    has(
        "# 甲\n\n会议在维也纳市举行。\n",
        EntityType::Place,
        "维也纳",
    );
    // A name ending with an administrative unit is a place, not a person.
    has(
        "# 甲\n\n当地警方在薛埠镇抓获了嫌疑人。\n",
        EntityType::Place,
        "薛埠镇",
    );
    has(
        "# 甲\n\n他来自美国莱克伍德县。\n",
        EntityType::Place,
        "莱克伍德县",
    );
    has(
        "# 甲\n\n代表团访问了罗马尼亚的尼·伯尔切斯库镇。\n",
        EntityType::Place,
        "尼·伯尔切斯库镇",
    );
}

#[test]
fn names_listed_with_people_and_idioms() {
    // 苗地 is a rare name; listed between two people, it is one too.
    let text = "# 甲\n\n参加座谈的有王建国、苗地和李培智等人。\n";
    for name in ["王建国", "苗地", "李培智"] {
        has(text, EntityType::Person, name);
    }
    // 张冠李戴 opens with a surname but is an idiom.
    lacks("# 甲\n\n这种说法无异于张冠李戴。\n", "张冠李戴");
}

#[test]
fn heads_inside_common_words_and_verbs_before_names() {
    // 干部 ends with the head 部 but names no body.
    let got = entities("# 甲\n\n泰兴市今年新一轮乡局级后备干部队伍建设启动。\n");
    assert!(
        !got.iter()
            .any(|(c, l, _)| *c == EntityType::Institution && l.contains("干部")),
        "{got:?}"
    );
    // 荣获 is tagged as a name by the dictionary, but opens no body's name.
    has(
        "# 甲\n\n该厂荣获郑州市技术监督局颁发的证书。\n",
        EntityType::Institution,
        "郑州市技术监督局",
    );
    lacks(
        "# 甲\n\n该厂荣获郑州市技术监督局颁发的证书。\n",
        "荣获郑州市技术监督局",
    );
}
