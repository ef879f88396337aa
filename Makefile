# Vigie — two commands matter: `make serve` and `make test`. Both install what
# they need on a fresh Debian machine with rustup, Node 20 and npm, and skip
# what is already there at the right version.

TRUNK_VERSION := 0.21.14
CARGO_BIN     := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
# tools/bin first: its wasm-bindgen wraps the real one for trunk (the split
# chunks need the function table exported; see tools/split-link.sh).
export PATH   := $(CURDIR)/tools/bin:$(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)
NODE_STAMP    := node_modules/.package-lock.json
LEPTOSFMT_VERSION := 0.1.33
WASM_SPLIT_VERSION := 0.2.4
# Chromium's path is defined once, in tools/chromium.mjs (Debian's binary).
CHROMIUM      = $(shell node --input-type=module -e "import('./tools/chromium.mjs').then((m) => console.log(m.CHROMIUM))")

.PHONY: serve dist single-file test test-host test-wasm test-e2e bench fmt lint lint-tools tools browser clean screens fixtures

serve: tools
	trunk serve

# `make dist` builds the release only when something that goes into it has
# changed since the last one: dist/.release marks a finished build. Trunk
# empties dist/ on every build (`trunk serve`'s debug one too), so the mark
# goes with any other build, and a build that fails half-way leaves none.
# The folders are listed with their files: removing a file changes its
# folder's time (`tools/.`: plain `tools` is the target that installs them).
# The mark takes the time the build started: a file saved during the build
# is newer, and the next `make dist` builds again. The tool checks are
# order-only: they run first, but never force a build themselves.
DIST_SOURCES := Cargo.toml Cargo.lock build.rs index.html Trunk.toml .cargo/config.toml \
                package-lock.json src style public tools/. $(shell find src style public tools -mindepth 1)
DIST_MARK    := dist/.release

dist: $(DIST_MARK)

# The list screen is prerendered into index.html by the release build itself,
# in Chromium (tools/prerender.mjs), before postbuild seals dist/.
$(DIST_MARK): $(DIST_SOURCES) | tools browser
	@mkdir -p target && touch target/dist-started
	trunk build --release
	node tools/minify.mjs dist
	node tools/prerender.mjs dist
	node tools/postbuild.mjs dist
	@touch -r target/dist-started $@

# One self-contained vigie.html, to open from a USB key (file://).
single-file: dist
	node tools/single-file.mjs dist vigie.html

# Lint first: a formatting slip fails in seconds, not after the build.
test: lint test-host test-wasm test-e2e

test-host:
	cargo test --locked

test-wasm: tools browser
	CHROMEDRIVER=/usr/bin/chromedriver \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test --locked --target wasm32-unknown-unknown --test browser

test-e2e: dist fixtures
	npx playwright test

# The five-year history of a fifteen-person team (tests/common/team.rs),
# as an export, for the storage tests and the benches.
fixtures:
	cargo run --locked --quiet --example team_history -- target/fixtures

# Screenshots of every screen at phone width and 1920×1080, for review.
screens: dist browser fixtures
	node tools/screens.mjs target/screens

bench: dist browser fixtures
	cargo bench --locked --bench search --bench import
	node tests/bench/first-load.mjs
	node tests/bench/team-scale.mjs
	node tests/bench/lighthouse.mjs

lint: lint-tools
	leptosfmt --check --quiet src
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --features split -- -D warnings

# leptosfmt formats the view! macros (rustfmt leaves macros alone), so it
# runs first; `make lint` checks what `make fmt` writes.
fmt: lint-tools
	leptosfmt --quiet src
	cargo fmt

lint-tools:
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@leptosfmt --version 2>/dev/null | grep -q " $(LEPTOSFMT_VERSION)$$" || \
	  cargo install --locked leptosfmt --version $(LEPTOSFMT_VERSION)

tools: $(NODE_STAMP)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q " $(TRUNK_VERSION)$$" || cargo install --locked trunk --version $(TRUNK_VERSION)
	@tools/install-wasm-bindgen.sh
	@# The wasm32 linker (tools/split-link.sh) splits the lazy screens off.
	@command -v wasm-split-cli >/dev/null && cargo install --list | grep -q "^wasm_split_cli_support v$(WASM_SPLIT_VERSION):" || \
	  cargo install --locked wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary
	@# Trunk runs cargo with --offline: fetch the crates first.
	@cargo fetch --locked -q

# The npm lock pins binaryen 132 (the `wasm-opt` trunk runs), Playwright and axe.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# poppler-utils: pdftotext, to read back the handout's PDF in the tests.
browser:
	@test -x $(CHROMIUM) && command -v chromedriver >/dev/null && command -v pdftotext >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils; }

clean:
	cargo clean
	rm -rf dist node_modules test-results playwright-report
