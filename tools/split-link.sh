#!/bin/sh
# The wasm32 linker (see .cargo/config.toml): rust-lld, then, for the app's
# own binary only, wasm-split-cli, which moves the screens marked with
# `#[wasm_split]` in src/ui/lazy.rs into chunks loaded on first use. The main
# module replaces the linked file (wasm-bindgen and trunk take it from
# there); the chunks and their loader go to `vigie.split/` beside the
# profile's output, where tools/split-output.mjs picks them up.
set -e
host=$(rustc -vV | sed -n 's/^host: //p')
lld="$(rustc --print sysroot)/lib/rustlib/$host/bin/rust-lld"
out=
prev=
for arg in "$@"; do
  [ "$prev" = "-o" ] && out=$arg
  prev=$arg
done
case "$out" in
  */deps/vigie-*.wasm) ;;
  *) exec "$lld" "$@" ;;
esac
"$lld" "$@" --emit-relocs
# Built without `--features split` (a plain `cargo build`), the binary has
# no split point: link it as usual, with no relocations left in it.
if ! grep -q __wasm_split_placeholder__ "$out"; then
  exec "$lld" "$@"
fi
chunks="$(dirname "$(dirname "$out")")/vigie.split"
rm -rf "$chunks"
mkdir -p "$chunks"
wasm-split-cli "$out" "$chunks" --out-name vigie
mv "$chunks/vigie.wasm" "$out"
