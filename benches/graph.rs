//! PageRank as `analyze` computes it against petgraph's `page_rank`.
//!
//! Input: deterministic sparse graphs shaped like an entity graph (ten edges
//! a node) of 300, 1,000 and 9,000 nodes.
//! Output: criterion timings of both, 20 iterations each.
//! Invariant: the hand-written one is kept only while it wins: it is linear in
//! the edges per iteration where petgraph's tests every pair of nodes, and
//! petgraph has no betweenness or community detection to compare with.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use petgraph::graph::DiGraph;
use std::hint::black_box;

const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 20;

/// A deterministic sparse graph: `n` nodes, `10 n` edges.
fn edges(n: usize) -> Vec<(usize, usize, f64)> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..10 * n)
        .map(|_| (next() % n, next() % n, 1.0))
        .filter(|(a, b, _)| a != b)
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("pagerank");
    group.sample_size(10);
    for n in [300usize, 1_000] {
        let e = edges(n);
        let mut g: DiGraph<(), f64> = DiGraph::new();
        let nodes: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
        for &(a, b, w) in &e {
            g.add_edge(nodes[a], nodes[b], w);
        }
        group.bench_with_input(BenchmarkId::new("zhikg", n), &n, |b, &n| {
            b.iter(|| zhikg::graph::analysis::pagerank(n, black_box(&e), DAMPING, ITERATIONS, 0.0))
        });
        group.bench_with_input(BenchmarkId::new("petgraph", n), &n, |b, _| {
            b.iter(|| petgraph::algo::page_rank(black_box(&g), DAMPING, ITERATIONS))
        });
    }
    group.finish();
    // At corpus size (the 20 MB corpus's graph has about 9,000 entities) only
    // the linear one is measured.
    let n = 9_000;
    let e = edges(n);
    c.bench_function("pagerank/zhikg/9000", |b| {
        b.iter(|| zhikg::graph::analysis::pagerank(n, black_box(&e), DAMPING, ITERATIONS, 0.0))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
