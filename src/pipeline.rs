//! The whole flow for one source, top to bottom:
//! decoded text → normalise → structure → segment → tag → extract → resolve.
//!
//! Input: a decoded [`Source`] and the loaded [`Resources`].
//! Output: a [`DocumentSet`]: one resolved extraction per article.
//! Invariant: pure: no I/O, no store; the same input gives the same output.

use crate::model::{DocumentSet, Source, Stage};
use crate::resources::Resources;
use crate::stages::extract::extract;
use crate::stages::normalise::normalise;
use crate::stages::resolve::resolve;
use crate::stages::segment::segment_article;
use crate::stages::structure::structure;
use crate::stages::tag::tag;

/// Runs every stage on one source.
pub fn process(source: Source, res: &Resources) -> DocumentSet {
    process_with(source, res, &mut |_| {})
}

/// Runs every stage on one source, calling `done` as each stage ends: once
/// for normalise and structure, then once per article for the others. A
/// caller times the stages with it.
pub fn process_with(
    mut source: Source,
    res: &Resources,
    done: &mut dyn FnMut(Stage),
) -> DocumentSet {
    let text = normalise(&source.text);
    done(Stage::Normalise);
    let articles = structure(&text, &res.rules);
    done(Stage::Structure);
    let articles: Vec<_> = articles
        .into_iter()
        .map(|article| {
            let words = segment_article(&article, res);
            done(Stage::Segment);
            let tagged = tag(&article, &words, res);
            done(Stage::Tag);
            let extraction = extract(article, &words, &tagged, res);
            done(Stage::Extract);
            let resolved = resolve(extraction);
            done(Stage::Resolve);
            resolved
        })
        .collect();
    for (k, ex) in articles.iter().enumerate() {
        for w in &ex.warnings {
            source
                .warnings
                .push(format!("{}: article {}: {w}", source.path, k + 1));
        }
    }
    DocumentSet { source, articles }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stage_ends_once_per_article_in_pipeline_order() {
        let res = Resources::load(true).unwrap();
        let text =
            "# 甲\n\n国务院总理李强在北京会见了法国总统马克龙。\n\n# 乙\n\n复旦大学发布白皮书。\n";
        let source = crate::stages::read::decode("two.md", text.as_bytes()).unwrap();
        let mut seen = Vec::new();
        let set = process_with(source.clone(), &res, &mut |s| seen.push(s));
        let per_article = &Stage::ALL[2..];
        let mut expected = Stage::ALL[..2].to_vec();
        for _ in &set.articles {
            expected.extend_from_slice(per_article);
        }
        assert_eq!(set.articles.len(), 2);
        assert_eq!(seen, expected);
        // Callers index per-stage tallies by the stage's number.
        for (k, stage) in Stage::ALL.iter().enumerate() {
            assert_eq!(*stage as usize, k);
        }
        // Timing the stages changes nothing of what they give.
        let plain = process(source, &res);
        assert_eq!(
            format!("{:?}", plain.articles),
            format!("{:?}", set.articles)
        );
    }
}
