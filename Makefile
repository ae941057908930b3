# The two commands of the README, each doing its own set-up.
#   make demo   build, ingest the bundled sample into output/store, query, draw
#   make test   format check, clippy, all tests (one cargo profile: release)
#   make bench  criterion benchmarks of the stages, and PageRank against petgraph's
#   make bench-ingest  corpus-scale benchmark: zhikg against the Python peer,
#               store size, stage shares, every whole-graph command before
#               and after `optimize`
CARGO ?= cargo
BIN := target/release/zhikg

.PHONY: demo test setup build bench bench-ingest

setup:
	@bash .ci/setup

build: setup
	$(CARGO) build --release

demo: build
	$(BIN) --store output/store demo --out output

test: setup
	python3 -c 'import networkx' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check networkx \
		|| python3 -m pip install --quiet --disable-pip-version-check --break-system-packages networkx
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings
	$(CARGO) test --release

bench: setup
	$(CARGO) bench --bench pipeline --bench graph

# The shared bench material (corpus generator, Python peer) lives beside the
# checkout; BENCH_DIR points elsewhere. The peer needs jieba and rdflib.
BENCH_DIR ?= ../shared/bench
bench-ingest: build
	python3 -c 'import jieba, rdflib' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check jieba rdflib \
		|| python3 -m pip install --quiet --disable-pip-version-check --break-system-packages jieba rdflib
	python3 benches/corpus.py --bin $(BIN) --bench-dir $(BENCH_DIR) $(BENCH_ARGS)
