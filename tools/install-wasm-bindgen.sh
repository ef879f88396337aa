#!/usr/bin/env bash
# Installs wasm-bindgen-cli at exactly the version Cargo.lock resolves, the
# only version that can post-process our wasm. `cargo install --locked` of
# 0.2.130 fails on this registry mirror (its lock names webpki-roots 1.0.11,
# which the index lacks), so on failure we rebuild from the crate source that
# the failed attempt unpacked, with webpki-roots pinned to 1.0.10.
set -euo pipefail
version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ -n "$version" ] || { echo "wasm-bindgen introuvable dans Cargo.lock" >&2; exit 1; }
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$version" ] \
   && command -v wasm-bindgen-test-runner >/dev/null; then
  exit 0
fi
echo "Installation de wasm-bindgen-cli $version…"
if cargo install --locked wasm-bindgen-cli --version "$version"; then exit 0; fi
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$version" 2>/dev/null | head -n 1 || true)
if [ -z "$src" ]; then
  # Have cargo fetch the crate source without resolving its dependencies.
  probe=$(mktemp -d)
  (cd "$probe" && cargo init -q --name probe && cargo add -q "wasm-bindgen-cli@=$version" && cargo fetch -q) || true
  rm -rf "$probe"
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$version" | head -n 1)
fi
work=$(mktemp -d)
cp -r "$src"/. "$work"
(cd "$work" && cargo update -p webpki-roots --precise 1.0.10 && cargo install --locked --path .)
rm -rf "$work"
