//! One test per relation family, on small examples written for the project.

use std::sync::OnceLock;
use zhikg::model::DocumentSet;
use zhikg::resources::Resources;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| Resources::load(true).expect("resources"))
}

fn run(text: &str) -> DocumentSet {
    let source = zhikg::stages::read::decode("example.md", text.as_bytes()).unwrap();
    zhikg::pipeline::process(source, res())
}

/// `subject predicate object` lines, with the role in brackets when there is one.
fn relations(text: &str) -> Vec<String> {
    let set = run(text);
    let mut out: Vec<String> = set
        .articles
        .iter()
        .flat_map(|a| &a.relations)
        .filter(|r| r.predicate != "relatedTo")
        .map(|r| {
            let role = r
                .role
                .as_ref()
                .map(|x| format!(" [{x}]"))
                .unwrap_or_default();
            format!("{} {} {}{role}", r.subject.1, r.predicate, r.object.1)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn has(text: &str, want: &str) {
    let got = relations(text);
    assert!(got.iter().any(|r| r == want), "{want:?} not in {got:?}");
}

#[test]
fn affiliated_from_bylines_and_appositions() {
    has(
        "# 访谈\n\n嘉宾：复旦大学新闻学院教授 王启明\n\n主持人：本报记者 周敏\n\n正文。\n",
        "王启明 affiliatedWith 复旦大学新闻学院 [教授]",
    );
    has(
        "# 会议\n\n国家互联网信息办公室副主任李明远出席会议并讲话。\n",
        "李明远 affiliatedWith 国家互联网信息办公室 [副主任]",
    );
    let chain = "# 专家\n\n中国工程院院士、清华大学教授赵一鸣表示，要重视数据安全。\n";
    has(chain, "赵一鸣 affiliatedWith 中国工程院 [院士]");
    has(chain, "赵一鸣 affiliatedWith 清华大学 [教授]");
    has(
        "# 评论\n\n陈 立\n\n正文一段。\n\n（作者单位：中国人民大学法学院）\n",
        "陈立 affiliatedWith 中国人民大学法学院",
    );
}

#[test]
fn stated_posts_and_units() {
    has(
        "# 任职\n\n王建国现任中国信息通信研究院院长。\n",
        "王建国 affiliatedWith 中国信息通信研究院 [院长]",
    );
    has(
        "# 机构\n\n中国科学院下设中国科学院自动化研究所。\n",
        "中国科学院自动化研究所 partOf 中国科学院",
    );
}

#[test]
fn part_of_from_nested_names() {
    has(
        "# 研究\n\n北京大学国际关系学院发布研究报告。\n",
        "北京大学国际关系学院 partOf 北京大学",
    );
    has(
        "# 会议\n\n工业和信息化部科技司负责同志出席。\n",
        "工业和信息化部科技司 partOf 工业和信息化部",
    );
}

#[test]
fn proposed_released_hosted() {
    has(
        "# 倡议\n\n中国提出全球发展倡议。\n",
        "中国 proposed 全球发展倡议",
    );
    let joint = "# 发布\n\n司法部、国家互联网信息办公室联合发布《网络数据安全管理条例》。\n";
    has(joint, "司法部 released 网络数据安全管理条例");
    has(joint, "国家互联网信息办公室 released 网络数据安全管理条例");
    has(
        "# 论坛\n\n由中国网络空间安全协会主办的2025网络安全论坛在京举行。\n",
        "中国网络空间安全协会 hosted 2025网络安全论坛",
    );
    // A place after 在 is where, not who.
    has(
        "# 大会\n\n中国在杭州举办首届全球算法治理论坛。\n",
        "中国 hosted 首届全球算法治理论坛",
    );
}

#[test]
fn presided_and_attended() {
    has(
        "# 会议\n\n李华主持第三届数字治理论坛。\n",
        "李华 presided 第三届数字治理论坛",
    );
    has(
        "# 大会\n\n国务院总理李强出席2024世界人工智能大会。\n",
        "李强 attended 2024世界人工智能大会",
    );
}

#[test]
fn supports_and_advocates() {
    let turn = "# 访谈\n\n嘉宾：清华大学教授 林志远\n\n主持人：本报记者 周敏\n\n林志远：我们坚定支持“人工智能治理全球对话”。\n";
    has(turn, "林志远 supports 人工智能治理全球对话");
    has(
        "# 主张\n\n中方倡导构建人类命运共同体。\n",
        "中国 advocates 人类命运共同体",
    );
}

#[test]
fn established_under_a_framework() {
    has(
        "# 治理\n\n支持在联合国框架下建立“人工智能独立国际科学小组”。\n",
        "人工智能独立国际科学小组 establishedUnder 联合国",
    );
}

#[test]
fn speakers_discuss_the_concepts_of_their_turns() {
    let set = run(
        "# 访谈\n\n嘉宾：清华大学教授 林志远\n\n主持人：本报记者 周敏\n\n林志远：弥合数字鸿沟，需要提升数字素养。数字鸿沟不容忽视。\n",
    );
    let d: Vec<(String, u32)> = set.articles[0]
        .relations
        .iter()
        .filter(|r| r.predicate == "discusses" && r.subject.1 == "林志远")
        .map(|r| (r.object.1.clone(), r.weight.unwrap_or(0)))
        .collect();
    assert!(d.contains(&("数字鸿沟".to_string(), 2)), "{d:?}");
}

#[test]
fn short_forms_defined_in_the_text() {
    has(
        "# 规则\n\n上海数据交易中心（以下简称“数交中心”）成立。数交中心发布《数据交易规则》。\n",
        "上海数据交易中心 released 数据交易规则",
    );
}

#[test]
fn co_occurrence_is_kept_apart_and_weighted() {
    let set = run("# 合作\n\n清华大学与北京大学合作。清华大学和北京大学签约。\n");
    let r = set.articles[0]
        .relations
        .iter()
        .find(|r| r.predicate == "relatedTo")
        .expect("relatedTo");
    assert_eq!(
        (r.subject.1.as_str(), r.object.1.as_str(), r.weight),
        ("北京大学", "清华大学", Some(2))
    );
}

#[test]
fn quotes_with_their_speakers() {
    let set = run(concat!(
        "# 讲话\n\n",
        "国家数据局局长刘烈宏指出：“数据是新型生产要素。”\n\n",
        "“要让数据用起来”，刘烈宏表示。\n\n",
        "中国工程院院士吴世忠：“安全是发展的前提。”\n\n",
        "局长强调：“要坚持系统观念。”\n"
    ));
    let quotes: Vec<(String, String)> = set.articles[0]
        .quotes
        .iter()
        .map(|q| (q.speaker.1.clone(), q.text.clone()))
        .collect();
    for (who, what) in [
        ("刘烈宏", "数据是新型生产要素。"),
        ("刘烈宏", "要让数据用起来"),
        ("吴世忠", "安全是发展的前提。"),
        ("刘烈宏", "要坚持系统观念。"),
    ] {
        assert!(
            quotes.contains(&(who.to_string(), what.to_string())),
            "{who}: {what} not in {quotes:?}"
        );
    }
}
