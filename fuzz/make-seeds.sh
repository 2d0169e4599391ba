#!/usr/bin/env bash
# Rebuilds the committed seed corpora in fuzz/seeds/ from the test fixtures (run it when they
# change): every content file of tests/fixtures/minimal and of each tests/fixtures/invalid case
# for the `markdown` target, each fixture as a whole tree for the `site` target, and each `site`
# seed behind a header of symbolic links for the `disk` target.
#
#   markdown seed: one selector byte (the file kind, as FILES in harness/mod.rs, | 0x20 for
#                  auto-linking on), then the file's bytes.
#   site seed:     the tree written literally: `>>> content/path` line, the file, and so on,
#                  static files too (see `literal` in harness/tree/files.rs), minimal with the
#                  case laid over it.
#   disk seed:     a header (see harness/disk.rs): a byte whose low bits say 3 links (bit 3, every
#                  other seed: build through a link to the project), two bytes for each (where, what
#                  to), varied from seed to seed so that together they make every kind; then a
#                  site seed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
FIX=../tests/fixtures
rm -rf seeds && mkdir -p seeds/markdown seeds/site seeds/disk

selector() { # content-relative path → index into harness FILES
  case $1 in
    config.yaml) echo 0 ;;
    references.yaml) echo 1 ;;
    chapters/*) echo 2 ;;
    directions/*) echo 3 ;;
    strategies/*) echo 4 ;;
    targets/*) echo 5 ;;
    recommendations/*) echo 6 ;;
    initiatives/*) echo 7 ;;
    indicators/*) echo 8 ;;
    milestones/*) echo 9 ;;
    *) echo 10 ;;
  esac
}

markdown_seeds() { # $1: a fixture root, $2: a name prefix
  (cd "$1/content" 2>/dev/null && find . -type f | sort) | while read -r f; do
    f=${f#./}
    local out="seeds/markdown/$2-${f//\//-}"
    printf "\\x$(printf %02x $(( $(selector "$f") | 0x20 )))" > "$out"
    cat "$1/content/$f" >> "$out"
  done
}

site_seed() { # $1: a tree root, $2: the seed's name
  local first=1
  (cd "$1" && find content static -type f 2>/dev/null | sort) | while read -r f; do
    if [ $first = 1 ]; then printf '>>> %s\n' "$f"; first=0; else printf '\n>>> %s\n' "$f"; fi
    cat "$1/$f"
  done > "seeds/site/$2"
}

markdown_seeds "$FIX/minimal" minimal
site_seed "$FIX/minimal" minimal
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for case in "$FIX"/invalid/*/; do
  name=$(basename "$case")
  # theme-only cases: nothing to fuzz here (the fuzz targets use the embedded theme)
  [ -d "$case/content" ] || [ -d "$case/static" ] || [ -f "$case/remove" ] || continue
  [ -d "$case/content" ] && markdown_seeds "$case" "$name"
  rm -rf "$tmp/tree" && cp -r "$FIX/minimal" "$tmp/tree"
  for part in content static; do
    if [ -d "$case/$part" ]; then cp -r "$case/$part" "$tmp/tree/"; fi
  done
  if [ -f "$case/remove" ]; then
    while read -r p; do rm -rf "${tmp:?}/tree/$p"; done < "$case/remove"
  fi
  [ -d "$tmp/tree/content" ] && site_seed "$tmp/tree" "$name"
done
byte() { printf "\\x$(printf %02x $(( $1 & 255 )))"; }
k=0
for seed in seeds/site/*; do
  {
    byte $(( 3 | k % 2 * 8 ))
    for j in 0 1 2; do
      # where: one of AT (14); what to: Target::of's low four bits, bit 4 absolute, bits 5-7 which
      byte $(( (3 * k + j) % 14 ))
      byte $(( (5 * k + 7 * j) % 16 | (k + j) % 2 * 16 | (3 * k + j) % 8 * 32 ))
    done
    cat "$seed"
  } > "seeds/disk/$(basename "$seed")"
  k=$((k + 1))
done
echo "seeds: $(ls seeds/markdown | wc -l) markdown, $(ls seeds/site | wc -l) site, $(ls seeds/disk | wc -l) disk, $(cat seeds/*/* | wc -c) bytes"
