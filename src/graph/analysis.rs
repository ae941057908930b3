//! Graph analytics over an undirected view of the entity graph.
//!
//! Input: `n` nodes numbered `0..n` and weighted pairs `(a, b, w)`. Direction
//! is ignored, parallel edges are merged by summing their weights, self-loops
//! are ignored and so are edges whose weight is not finite and positive.
//! Output: per-node degree, PageRank, betweenness, connected component and
//! community (see [`Measures`]), and the modularity of a partition.
//! Invariant: deterministic: the same input always gives the same output,
//! bit for bit; every loop runs in node index order and ties are broken by
//! the smallest node index or label.

/// Per-node measures of a graph, each indexed by node.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    /// The number of distinct neighbours.
    pub degree: Vec<usize>,
    /// PageRank with damping 0.85; sums to 1.0 when there are nodes.
    pub pagerank: Vec<f64>,
    /// Betweenness centrality, normalised by `2 / ((n - 1)(n - 2))` when `n > 2`.
    pub betweenness: Vec<f64>,
    /// The connected component, numbered from 0 by smallest member index.
    pub component: Vec<usize>,
    /// The Louvain community, numbered from 0 by smallest member index.
    pub community: Vec<usize>,
}

/// The default PageRank damping factor.
const DAMPING: f64 = 0.85;
/// The default maximum number of PageRank iterations.
const ITERATIONS: usize = 100;
/// The default PageRank convergence threshold on the L1 change.
const TOLERANCE: f64 = 1e-10;
/// The maximum number of local-moving passes per Louvain level.
const MAX_PASSES: usize = 100;
/// The relative gain a Louvain move must exceed to be taken.
const MIN_GAIN: f64 = 1e-12;

/// An undirected graph as sorted adjacency lists of `(neighbour, weight)`.
struct Graph {
    adj: Vec<Vec<(usize, f64)>>,
}

impl Graph {
    /// Builds the undirected view of `edges` over `n` nodes.
    ///
    /// Panics if an endpoint is not below `n`.
    fn new(n: usize, edges: &[(usize, usize, f64)]) -> Self {
        let pairs: Vec<(usize, usize, f64)> = edges
            .iter()
            .inspect(|&&(a, b, _)| {
                assert!(
                    a < n && b < n,
                    "edge ({a}, {b}) has an endpoint outside 0..{n}"
                );
            })
            .filter(|&&(a, b, w)| a != b && w.is_finite() && w > 0.0)
            .map(|&(a, b, w)| (a.min(b), a.max(b), w))
            .collect();
        Graph {
            adj: merge(n, pairs),
        }
    }

    /// The number of nodes.
    fn len(&self) -> usize {
        self.adj.len()
    }

    /// The total edge weight at each node.
    fn strengths(&self) -> Vec<f64> {
        self.adj
            .iter()
            .map(|list| list.iter().map(|&(_, w)| w).sum())
            .collect()
    }
}

/// Merges pairs `(a, b, w)` with `a < b` into symmetric adjacency lists sorted
/// by neighbour, summing the weights of equal pairs in input order.
fn merge(n: usize, mut pairs: Vec<(usize, usize, f64)>) -> Vec<Vec<(usize, f64)>> {
    // A stable sort keeps equal pairs in input order, so sums are reproducible.
    pairs.sort_by_key(|&(a, b, _)| (a, b));
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut i = 0;
    while i < pairs.len() {
        let (a, b, mut w) = pairs[i];
        i += 1;
        while i < pairs.len() && pairs[i].0 == a && pairs[i].1 == b {
            w += pairs[i].2;
            i += 1;
        }
        // Pairs arrive sorted, so every list is built in neighbour order.
        adj[a].push((b, w));
        adj[b].push((a, w));
    }
    adj
}

/// Computes every measure of the graph with the default parameters.
///
/// # Panics
///
/// Panics if an edge has an endpoint not below `n`.
pub fn analyse(n: usize, edges: &[(usize, usize, f64)]) -> Measures {
    let graph = Graph::new(n, edges);
    Measures {
        degree: graph.adj.iter().map(Vec::len).collect(),
        pagerank: pagerank_of(&graph, DAMPING, ITERATIONS, TOLERANCE),
        betweenness: betweenness_of(&graph),
        component: components_of(&graph),
        community: louvain(&graph),
    }
}

/// Computes PageRank by power iteration on the undirected weighted graph.
///
/// Each node passes `damping` of its score to its neighbours in proportion to
/// edge weight; isolated nodes spread theirs uniformly. Iteration stops after
/// `iterations` rounds or once the L1 change falls below `tolerance`.
///
/// # Panics
///
/// Panics if `damping` is not in `0.0..=1.0` or an edge has an endpoint not
/// below `n`.
pub fn pagerank(
    n: usize,
    edges: &[(usize, usize, f64)],
    damping: f64,
    iterations: usize,
    tolerance: f64,
) -> Vec<f64> {
    pagerank_of(&Graph::new(n, edges), damping, iterations, tolerance)
}

fn pagerank_of(graph: &Graph, damping: f64, iterations: usize, tolerance: f64) -> Vec<f64> {
    assert!(
        (0.0..=1.0).contains(&damping),
        "damping {damping} is outside 0..=1"
    );
    let n = graph.len();
    if n == 0 {
        return Vec::new();
    }
    let size = n as f64;
    let strength = graph.strengths();
    let mut rank = vec![1.0 / size; n];
    let mut next = vec![0.0; n];
    for _ in 0..iterations {
        let dangling: f64 = rank
            .iter()
            .zip(&strength)
            .filter(|&(_, &s)| s <= 0.0)
            .map(|(&r, _)| r)
            .sum();
        next.fill((1.0 - damping) / size + damping * dangling / size);
        for (i, list) in graph.adj.iter().enumerate() {
            if strength[i] > 0.0 {
                let share = damping * rank[i] / strength[i];
                for &(j, w) in list {
                    next[j] += share * w;
                }
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < tolerance {
            break;
        }
    }
    // Rescaling removes rounding drift so the scores sum to one.
    let total: f64 = rank.iter().sum();
    if total > 0.0 {
        for r in &mut rank {
            *r /= total;
        }
    }
    rank
}

/// Computes exact betweenness centrality with Brandes' algorithm.
///
/// Shortest paths are unweighted and undirected, each unordered pair of
/// endpoints counts once, and values are normalised by `2 / ((n - 1)(n - 2))`
/// when `n > 2`.
///
/// # Panics
///
/// Panics if an edge has an endpoint not below `n`.
pub fn betweenness(n: usize, edges: &[(usize, usize, f64)]) -> Vec<f64> {
    betweenness_of(&Graph::new(n, edges))
}

fn betweenness_of(graph: &Graph) -> Vec<f64> {
    let n = graph.len();
    let mut centrality = vec![0.0; n];
    let mut sigma = vec![0.0_f64; n];
    let mut dist = vec![usize::MAX; n];
    let mut delta = vec![0.0_f64; n];
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for s in 0..n {
        sigma.fill(0.0);
        dist.fill(usize::MAX);
        delta.fill(0.0);
        order.clear();
        sigma[s] = 1.0;
        dist[s] = 0;
        order.push(s);
        // The visit order doubles as the BFS queue.
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            for &(w, _) in &graph.adj[v] {
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    order.push(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        // Dependencies flow back from the farthest nodes to the source.
        for &w in order.iter().rev() {
            for &(v, _) in &graph.adj[w] {
                if dist[v] != usize::MAX && dist[v] + 1 == dist[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            if w != s {
                centrality[w] += delta[w];
            }
        }
    }
    // Each unordered pair was counted from both ends.
    let scale = if n > 2 {
        0.5 * 2.0 / ((n - 1) as f64 * (n - 2) as f64)
    } else {
        0.5
    };
    for c in &mut centrality {
        *c *= scale;
    }
    centrality
}

/// Labels each node with its connected component, numbered from 0 by the
/// smallest node index in the component.
///
/// # Panics
///
/// Panics if an edge has an endpoint not below `n`.
pub fn components(n: usize, edges: &[(usize, usize, f64)]) -> Vec<usize> {
    components_of(&Graph::new(n, edges))
}

fn components_of(graph: &Graph) -> Vec<usize> {
    let n = graph.len();
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    // Scanning starts in index order, so each id goes to the smallest member.
    for start in 0..n {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = next;
        stack.push(start);
        while let Some(v) = stack.pop() {
            for &(w, _) in &graph.adj[v] {
                if component[w] == usize::MAX {
                    component[w] = next;
                    stack.push(w);
                }
            }
        }
        next += 1;
    }
    component
}

/// Finds communities with the Louvain method, numbered from 0 by the smallest
/// node index in the community.
///
/// Nodes are visited in index order, a node moves only for a strict gain in
/// modularity and equal gains go to the smallest community label. Isolated
/// nodes are communities of their own.
///
/// # Panics
///
/// Panics if an edge has an endpoint not below `n`.
pub fn communities(n: usize, edges: &[(usize, usize, f64)]) -> Vec<usize> {
    louvain(&Graph::new(n, edges))
}

/// One Louvain level: a graph whose nodes are communities of the level below.
struct Level {
    adj: Vec<Vec<(usize, f64)>>,
    /// The weight of edges inside each node, each edge counted once.
    inner: Vec<f64>,
}

impl Level {
    /// The total edge weight at each node, counting inner edges twice.
    fn strengths(&self) -> Vec<f64> {
        self.adj
            .iter()
            .zip(&self.inner)
            .map(|(list, &inner)| list.iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * inner)
            .collect()
    }
}

fn louvain(graph: &Graph) -> Vec<usize> {
    let n = graph.len();
    let mut membership: Vec<usize> = (0..n).collect();
    let mut level = Level {
        adj: graph.adj.clone(),
        inner: vec![0.0; n],
    };
    let two_m: f64 = level.strengths().iter().sum();
    if two_m <= 0.0 {
        return membership;
    }
    // Each level runs until no node moves or no two nodes merge.
    while let Some(community) = local_moving(&level, two_m) {
        let (community, count) = renumber(&community);
        for m in &mut membership {
            *m = community[*m];
        }
        if count == level.adj.len() {
            break;
        }
        level = aggregate(&level, &community, count);
    }
    renumber(&membership).0
}

/// Moves nodes between neighbouring communities while modularity improves.
///
/// Returns the community of each node, or `None` if no node moved.
fn local_moving(level: &Level, two_m: f64) -> Option<Vec<usize>> {
    let n = level.adj.len();
    let strength = level.strengths();
    let mut community: Vec<usize> = (0..n).collect();
    let mut total = strength.clone();
    let mut link = vec![0.0_f64; n];
    let mut seen = vec![false; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut improved = false;
    for _ in 0..MAX_PASSES {
        let mut moved = false;
        for i in 0..n {
            let own = community[i];
            let k = strength[i];
            total[own] -= k;
            for &(j, w) in &level.adj[i] {
                let c = community[j];
                if !seen[c] {
                    seen[c] = true;
                    touched.push(c);
                }
                link[c] += w;
            }
            touched.sort_unstable();
            // The gain of joining c, up to a constant factor, is
            // link(i, c) - total(c) * k / 2m.
            let mut best = own;
            let mut best_gain = link[own] - total[own] * k / two_m;
            for &c in &touched {
                let gain = link[c] - total[c] * k / two_m;
                if gain > best_gain + MIN_GAIN * k {
                    best = c;
                    best_gain = gain;
                }
            }
            for &c in &touched {
                link[c] = 0.0;
                seen[c] = false;
            }
            touched.clear();
            total[best] += k;
            if best != own {
                community[i] = best;
                moved = true;
                improved = true;
            }
        }
        if !moved {
            break;
        }
    }
    improved.then_some(community)
}

/// Renumbers labels from 0 in order of first appearance, which is by the
/// smallest index carrying each label; returns the labels and their count.
fn renumber(labels: &[usize]) -> (Vec<usize>, usize) {
    let size = labels.iter().max().map_or(0, |&m| m + 1);
    let mut map = vec![usize::MAX; size];
    let mut count = 0;
    let renumbered = labels
        .iter()
        .map(|&l| {
            if map[l] == usize::MAX {
                map[l] = count;
                count += 1;
            }
            map[l]
        })
        .collect();
    (renumbered, count)
}

/// Collapses each community of `level` into one node of the next level.
fn aggregate(level: &Level, community: &[usize], count: usize) -> Level {
    let mut inner = vec![0.0; count];
    let mut pairs = Vec::new();
    for (i, list) in level.adj.iter().enumerate() {
        let ci = community[i];
        inner[ci] += level.inner[i];
        for &(j, w) in list {
            if j <= i {
                continue;
            }
            let cj = community[j];
            if ci == cj {
                inner[ci] += w;
            } else {
                pairs.push((ci.min(cj), ci.max(cj), w));
            }
        }
    }
    Level {
        adj: merge(count, pairs),
        inner,
    }
}

/// Computes the Newman modularity of a partition of the weighted undirected
/// graph: the sum over communities of `L_c / m - (d_c / 2m)^2`, where `L_c` is
/// the weight inside community `c`, `d_c` its total strength and `m` the total
/// edge weight. A graph without edges has modularity 0.
///
/// # Panics
///
/// Panics if `community.len() != n` or an edge has an endpoint not below `n`.
pub fn modularity(n: usize, edges: &[(usize, usize, f64)], community: &[usize]) -> f64 {
    assert_eq!(community.len(), n, "one community label per node is needed");
    let graph = Graph::new(n, edges);
    let strength = graph.strengths();
    let two_m: f64 = strength.iter().sum();
    if two_m <= 0.0 {
        return 0.0;
    }
    // Ordered maps keep the summation order, and so the result, reproducible.
    let mut inside = std::collections::BTreeMap::<usize, f64>::new();
    let mut total = std::collections::BTreeMap::<usize, f64>::new();
    for (i, list) in graph.adj.iter().enumerate() {
        *total.entry(community[i]).or_default() += strength[i];
        for &(j, w) in list {
            if j > i && community[i] == community[j] {
                *inside.entry(community[i]).or_default() += w;
            }
        }
    }
    total
        .iter()
        .map(|(c, &d)| {
            let l = inside.get(c).copied().unwrap_or(0.0);
            2.0 * l / two_m - (d / two_m).powi(2)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A star with centre 0 and leaves 1 to 4.
    fn star() -> Vec<(usize, usize, f64)> {
        (1..5).map(|leaf| (0, leaf, 1.0)).collect()
    }

    /// Two 4-cliques {0, 1, 2, 3} and {4, 5, 6, 7} joined by the bridge 3–4.
    fn barbell() -> Vec<(usize, usize, f64)> {
        let mut edges = Vec::new();
        for base in [0, 4] {
            for a in base..base + 4 {
                for b in a + 1..base + 4 {
                    edges.push((a, b, 1.0));
                }
            }
        }
        edges.push((3, 4, 1.0));
        edges
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn star_measures() {
        let m = analyse(5, &star());
        assert_eq!(m.degree, vec![4, 1, 1, 1, 1]);
        // The centre lies on the single shortest path of all C(4, 2) = 6
        // leaf pairs, and 6 * 2 / (4 * 3) = 1.
        assert!(close(m.betweenness[0], 1.0));
        assert!(m.betweenness[1..].iter().all(|&b| b == 0.0));
        assert!(close(m.pagerank.iter().sum(), 1.0));
        assert!(m.pagerank[1..].iter().all(|&p| p < m.pagerank[0]));
        assert!(m.pagerank[1..].iter().all(|&p| close(p, m.pagerank[1])));
        assert_eq!(m.component, vec![0; 5]);
        assert_eq!(m.community, vec![0; 5]);
    }

    #[test]
    fn star_pagerank_closed_form() {
        // With c + 4l = 1, c = 0.15 / 5 + 0.85 * 4l gives c = 0.88 / 1.85.
        let rank = pagerank(5, &star(), 0.85, 1000, 1e-15);
        let centre = 0.88 / 1.85;
        assert!(close(rank[0], centre));
        for &leaf in &rank[1..] {
            assert!(close(leaf, (1.0 - centre) / 4.0));
        }
    }

    #[test]
    fn barbell_measures() {
        let edges = barbell();
        let m = analyse(8, &edges);
        assert_eq!(m.component, vec![0; 8]);
        assert_eq!(m.community, vec![0, 0, 0, 0, 1, 1, 1, 1]);
        // Node 3 lies on every shortest path from {0, 1, 2} to
        // {4, 5, 6, 7}, 3 * 4 = 12 pairs, and on no other; pairs ending at 3
        // do not count. Normalised: 12 * 2 / (7 * 6) = 4 / 7.
        assert!(close(m.betweenness[3], 4.0 / 7.0));
        assert_eq!(m.betweenness[3], m.betweenness[4]);
        for (i, &b) in m.betweenness.iter().enumerate() {
            if i != 3 && i != 4 {
                assert_eq!(b, 0.0);
            }
        }
        // m = 13; each side has 6 inner edges and strength 3 * 3 + 4 = 13,
        // so Q = 2 * (6 / 13 - (13 / 26)^2) = 11 / 26.
        assert!(close(modularity(8, &edges, &m.community), 11.0 / 26.0));
    }

    #[test]
    fn disconnected_edges_and_isolated_node() {
        let edges = [(0, 1, 1.0), (2, 3, 1.0)];
        assert_eq!(components(5, &edges), vec![0, 0, 1, 1, 2]);
        assert_eq!(communities(5, &edges), vec![0, 0, 1, 1, 2]);
        let rank = pagerank(5, &edges, 0.85, 100, 1e-10);
        assert!(close(rank.iter().sum(), 1.0));
    }

    #[test]
    fn direction_parallel_edges_and_self_loops() {
        let edges = [(0, 1, 1.0), (1, 0, 2.0), (1, 1, 5.0), (2, 1, 0.0)];
        let m = analyse(3, &edges);
        assert_eq!(m.degree, vec![1, 1, 0]);
        assert_eq!(m.component, vec![0, 0, 1]);
        // One community holding every edge has modularity 1 - 1 = 0.
        assert!(close(modularity(3, &edges, &[0, 0, 0]), 0.0));
        // Two singletons joined by weight 3: Q = 0 - 2 * (1 / 2)^2 = -0.5.
        assert!(close(modularity(3, &edges, &[0, 1, 2]), -0.5));
    }

    #[test]
    fn empty_and_single_node() {
        let empty = analyse(0, &[]);
        assert!(empty.degree.is_empty() && empty.pagerank.is_empty());
        assert!(empty.betweenness.is_empty() && empty.component.is_empty());
        assert!(empty.community.is_empty());
        assert_eq!(modularity(0, &[], &[]), 0.0);

        let one = analyse(1, &[(0, 0, 1.0)]);
        assert_eq!(
            one,
            Measures {
                degree: vec![0],
                pagerank: vec![1.0],
                betweenness: vec![0.0],
                component: vec![0],
                community: vec![0],
            }
        );
    }

    #[test]
    fn deterministic() {
        let mut edges = barbell();
        edges.extend([(7, 8, 2.5), (8, 9, 0.5), (9, 7, 1.0), (2, 10, 1.0)]);
        edges.extend([(11, 12, 1.0), (12, 11, 1.0), (5, 2, 0.25)]);
        let first = analyse(14, &edges);
        let second = analyse(14, &edges);
        assert_eq!(first, second);
        assert!(close(first.pagerank.iter().sum(), 1.0));
        assert_eq!(first.component[13], 2);
    }
}
