#!/bin/bash
# `zongjie extract --json` of every file of tests/data/corpus, the seed and the 20 MB bench input,
# one .json (+ .err with the exit status) per file, to compare two trees byte for byte:
#
#   bench/extract_outputs.sh /work/main/src /tmp/before          # compiled modules if built
#   bench/extract_outputs.sh $PWD/src /tmp/after
#   bench/extract_outputs.sh $PWD/src /tmp/after_pure pure       # ZONGJIE_PURE_PYTHON=1
#   diff -r /tmp/before /tmp/after && echo identical
#
# (COMPILED in the output directory says which build ran.)
set -u
SRC=$(cd "$1" && pwd); OUT=$2; mkdir -p "$OUT"
[ "${3:-}" = pure ] && export ZONGJIE_PURE_PYTHON=1
HERE=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-$HERE/.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
BIG=${BENCH_INPUT:-/tmp/zongjie_bench20.txt}
[ -f "$BIG" ] || PYTHONPATH=$SRC "$PY" -c "import sys;sys.path.insert(0,'$HERE/bench');import extract as e;open('$BIG','w',encoding='utf-8').write(e.build_corpus(20))"
for f in "$HERE"/tests/data/corpus/*.txt "$HERE"/tests/data/corpus/*.docx "$HERE"/src/zongjie/imports/seed/*.txt "$BIG"; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  PYTHONPATH=$SRC "$PY" -c "import sys;from zongjie.cli import main;sys.exit(main(sys.argv[1:]))" \
    extract "$f" --json >"$OUT/$name.json" 2>"$OUT/$name.err"
  echo "rc=$?" >>"$OUT/$name.err"
done
PYTHONPATH=$SRC "$PY" -c "import zongjie.extraction as e;print(e.COMPILED)" >"$OUT/COMPILED"
