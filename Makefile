# The two commands of the README, each doing its own set-up.
#   make demo   build, ingest the bundled sample into output/store, query, draw
#   make test   format check, clippy, all tests (one cargo profile: release)
CARGO ?= cargo
BIN := target/release/zhikg

.PHONY: demo test setup build bench

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
	$(CARGO) bench --bench pipeline
