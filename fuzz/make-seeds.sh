#!/usr/bin/env bash
# Rebuilds the committed seed corpora in fuzz/seeds/ from the test fixtures (run it when they
# change): every content file of tests/fixtures/minimal and of each tests/fixtures/invalid case
# for the `markdown` target, and each fixture as a whole tree for the `site` target.
#
#   markdown seed: one selector byte (the file kind, as FILES in harness/mod.rs, | 0x20 for
#                  auto-linking on), then the file's bytes.
#   site seed:     the tree written literally: `>>> content/path` line, the file, and so on,
#                  static files too (see `literal` in harness/tree/files.rs), minimal with the
#                  case laid over it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
FIX=../tests/fixtures
rm -rf seeds && mkdir -p seeds/markdown seeds/site

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
echo "seeds: $(ls seeds/markdown | wc -l) markdown, $(ls seeds/site | wc -l) site, $(cat seeds/*/* | wc -c) bytes"
