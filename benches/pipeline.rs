//! Speed of the pipeline stages on the bundled sample (or on the folder named by
//! `ZHIKG_BENCH_CORPUS`): decoding + normalisation + structure, segmentation and
//! tagging alone, the whole pipeline, and the pipeline plus writing to an
//! in-memory store.
//! Throughput is reported in bytes of UTF-8 input per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use zhikg::resources::Resources;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var_os("ZHIKG_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sample"));
    let (inputs, _) = zhikg::ingest::collect(&[dir]);
    inputs
        .into_iter()
        .filter_map(|i| match i {
            zhikg::ingest::Input::File(p) if !p.ends_with("README.md") => {
                Some((p.display().to_string(), std::fs::read(&p).ok()?))
            }
            _ => None,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let res = Resources::load(true).expect("resources");
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("structure", |b| {
        b.iter(|| {
            for (name, bytes) in &docs {
                let s = zhikg::stages::read::decode(name, bytes).unwrap();
                let t = zhikg::stages::normalise::normalise(&s.text);
                black_box(zhikg::stages::structure::structure(&t, &res.rules));
            }
        })
    });
    // The articles and their words, made once, for the stages that read them.
    let articles: Vec<_> = docs
        .iter()
        .flat_map(|(name, bytes)| {
            let s = zhikg::stages::read::decode(name, bytes).unwrap();
            let t = zhikg::stages::normalise::normalise(&s.text);
            zhikg::stages::structure::structure(&t, &res.rules)
        })
        .collect();
    let words: Vec<_> = articles
        .iter()
        .map(|a| zhikg::stages::segment::segment_article(a, &res))
        .collect();
    g.bench_function("segment", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(zhikg::stages::segment::segment_article(a, &res));
            }
        })
    });
    g.bench_function("tag", |b| {
        b.iter(|| {
            for (a, w) in articles.iter().zip(&words) {
                black_box(zhikg::stages::tag::tag(a, w, &res));
            }
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for (name, bytes) in &docs {
                let s = zhikg::stages::read::decode(name, bytes).unwrap();
                black_box(zhikg::pipeline::process(s, &res));
            }
        })
    });
    g.bench_function("extract+store", |b| {
        b.iter(|| {
            let store = zhikg::store::Store::in_memory().unwrap();
            for (name, bytes) in &docs {
                let s = zhikg::stages::read::decode(name, bytes).unwrap();
                let set = zhikg::pipeline::process(s, &res);
                store
                    .replace_source(
                        name,
                        &zhikg::rdf::quads(&set, name, &res.build, zhikg::rdf::Provenance::Compact),
                    )
                    .unwrap();
            }
            black_box(store.len().unwrap())
        })
    });
    g.finish();
    c.bench_function("load resources with jieba", |b| {
        b.iter(|| black_box(Resources::load(true).unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
