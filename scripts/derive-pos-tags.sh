#!/bin/sh
# Derives dictionaries/pos/jieba-tags.txt from jieba 0.42.1's dict.txt (MIT; see
# ../shared/peers/jieba/SOURCE.md): every entry seen at least 5 times, as `word freq tag`.
# Usage: scripts/derive-pos-tags.sh [path/to/jieba/dict.txt] > dictionaries/pos/jieba-tags.txt
set -eu
src="${1:-../shared/peers/jieba/dict.txt}"
cat <<'HEAD'
# Part-of-speech tags derived from jieba 0.42.1 dict.txt (MIT License, Copyright (c) 2013 Sun Junyi;
# https://github.com/fxsjy/jieba). Entries with a frequency of at least 5; format `word freq tag`
# (ICTCLAS/jieba tag set). Regenerate with scripts/derive-pos-tags.sh. See dictionaries/README.md.
HEAD
LC_ALL=C awk 'NF == 3 && $2 >= 5 && $1 !~ /^#/ { print $1, $2, $3 }' "$src"
