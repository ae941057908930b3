//! The whole flow for one source, top to bottom:
//! decoded text → normalise → structure → segment → extract → resolve.
//!
//! Input: a decoded [`Source`] and the loaded [`Resources`].
//! Output: a [`DocumentSet`]: one resolved extraction per article.
//! Invariant: pure: no I/O, no store; the same input gives the same output.

use crate::model::{DocumentSet, Source};
use crate::resources::Resources;
use crate::stages::extract::extract;
use crate::stages::normalise::normalise;
use crate::stages::resolve::resolve;
use crate::stages::segment::segment_article;
use crate::stages::structure::structure;

/// Runs every stage on one source.
pub fn process(mut source: Source, res: &Resources) -> DocumentSet {
    let text = normalise(&source.text);
    let articles: Vec<_> = structure(&text, &res.rules)
        .into_iter()
        .map(|article| {
            let words = segment_article(&article, res);
            let extraction = extract(article, &words, res);
            resolve(extraction)
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
