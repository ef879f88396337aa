#!/bin/sh
# The wasm32 linker (see .cargo/config.toml): rust-lld, then, for the app's
# own binary built with `--features split`, wasm-split-cli, which moves the
# screens of src/ui/lazy.rs into chunks loaded on first use. The main
# module replaces the linked file (wasm-bindgen and trunk take it from
# there); the chunks, their loader and the hash of the main module they
# belong to go to `vigie.split/` beside the profile's output, where
# tools/split-output.mjs picks them up.
set -e
host=$(rustc -vV | sed -n 's/^host: //p')
lld="$(rustc --print sysroot)/lib/rustlib/$host/bin/rust-lld"
out=
prev=
for arg in "$@"; do
  [ "$prev" = "-o" ] && out=$arg
  # rustc passes a response file when the command line is too long.
  case "$arg" in
    @*) [ -z "$out" ] && out=$(sed -n '/^-o$/{n;p;q;}' "${arg#@}" | tr -d '"') ;;
  esac
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
sha256sum "$out" | cut -d' ' -f1 > "$chunks/main.sha256"
