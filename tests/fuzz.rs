//! A seeded, bounded fuzz run over every stage from decoding to quads:
//! random bytes and hostile mixes of CJK text, punctuation, brackets, quotes,
//! headings, byline-like lines, long runs, combining and RTL marks. Each input
//! must not panic, must give JSON that parses and N-Quads that parse, and its
//! output must stay proportionate to its size. Longer runs: `fuzz/`.

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use zhikg::resources::Resources;

/// Inputs per run: enough to reach the rare paths, few enough for CI.
const INPUTS: usize = 1500;

/// A small deterministic generator (64-bit LCG, high bits out).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PIECES: &[&str] = &[
    "中国",
    "国务院",
    "习近平",
    "外交部长",
    "王毅",
    "表示",
    "指出",
    "，",
    "。",
    "、",
    "：",
    "“",
    "”",
    "‘",
    "’",
    "《",
    "》",
    "（",
    "）",
    "【",
    "】",
    "……",
    "——",
    "·",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "本报记者 ",
    "主持人：",
    "问：",
    "答：",
    "（作者单位：",
    "新华社北京电 ",
    "全球发展倡议",
    "人类命运共同体",
    "联合国",
    "北京大学",
    "支持",
    "主办",
    "出席",
    "提出",
    "a",
    "Zhang",
    "2025",
    "第三届",
    "\u{0301}",
    "\u{200F}",
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    " ",
    "\t",
    "\r\n",
    "的",
    "和",
    "与",
    "由",
    "联合",
    "共同",
    "举办",
    "让-皮埃尔",
    "〔",
    "〕",
];

/// One input of a random kind.
fn input(rng: &mut Rng) -> Vec<u8> {
    let len = 1 + rng.below(600);
    match rng.below(6) {
        // Random bytes.
        0 => (0..len).map(|_| rng.next() as u8).collect(),
        // A long run of one piece.
        1 => rng.pick(PIECES).repeat(1 + rng.below(400)).into_bytes(),
        // Deep brackets or quotes.
        2 => {
            let (open, close) = *rng.pick(&[("《", "》"), ("“", "”"), ("（", "）"), ("【", "】")]);
            let n = 1 + rng.below(500);
            format!("{}中国{}", open.repeat(n), close.repeat(rng.below(n + 1))).into_bytes()
        }
        // Valid text with a damaged byte or a cut character.
        3 => {
            let mut b: Vec<u8> = (0..len)
                .flat_map(|_| rng.pick(PIECES).bytes().collect::<Vec<_>>())
                .collect();
            let at = rng.below(b.len());
            if rng.below(2) == 0 {
                b[at] = 0xFF;
            } else {
                b.truncate(at);
            }
            b
        }
        // UTF-16 of a mix.
        4 => {
            let s: String = (0..len).map(|_| *rng.pick(PIECES)).collect();
            let big = rng.below(2) == 0;
            s.encode_utf16()
                .flat_map(|u| {
                    if big {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect()
        }
        // A mix of pieces: headings, bylines, quotes, names.
        _ => (0..len)
            .map(|_| *rng.pick(PIECES))
            .collect::<String>()
            .into_bytes(),
    }
}

#[test]
fn hostile_inputs_never_panic_and_give_proportionate_valid_output() {
    let res = Resources::load(true).unwrap();
    let build = res.build.clone();
    let mut rng = Rng(0x5eed);
    let mut decoded = 0;
    for n in 0..INPUTS {
        let bytes = input(&mut rng);
        let Ok(source) = zhikg::stages::read::decode("fuzz.txt", &bytes) else {
            continue;
        };
        decoded += 1;
        let chars = source.text.chars().count().max(1);
        let set = zhikg::pipeline::process(source, &res);
        let json = zhikg::output::json::render(&set);
        let parsed: serde_json::Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("input {n}: invalid JSON ({e}): {json}"));
        for e in parsed["entities"].as_array().unwrap() {
            let label = e["label"].as_str().unwrap();
            assert!(
                label.chars().any(char::is_alphabetic),
                "input {n}: label {label:?}"
            );
        }
        let graphs = zhikg::rdf::quads(&set, "fuzz.txt", &build, zhikg::rdf::Provenance::Full);
        let quads: Vec<_> = graphs.iter().flat_map(|(_, q)| q.iter()).collect();
        assert!(
            quads.len() <= 100 + 40 * chars,
            "input {n}: {} quads for {chars} characters",
            quads.len()
        );
        let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for q in &quads {
            w.serialize_quad(*q).unwrap();
        }
        let text = w.finish().unwrap();
        let back = RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(&text)
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("input {n}: N-Quads do not parse: {e}"));
        assert_eq!(back.len(), quads.len(), "input {n}");
    }
    // Most generated inputs are text: the run reaches the pipeline.
    assert!(decoded > INPUTS / 2, "only {decoded} inputs decoded");
}
