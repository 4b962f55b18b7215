#!/bin/sh
# bench/run.sh -- kapic's speed figures; bench/RESULTS.md keeps the current
# ones.  Usage: KAPIC=./kapic bench/run.sh [SRCDIR]   (or `make bench`)
#
# Environment: BENCH_PAIRS (kapic/dtc pairs, default 31), BENCH_RUNS (runs
# a corpus figure, default 5), BENCH_NS (corpus sizes in specs, default
# "100 1000 10000"), BENCH_OUT (where outputs go: default a directory in
# /dev/shm, else beside the corpora), CC (builds bench/timeit.c).
set -eu
srcdir=${1:-${srcdir:-.}}
KAPIC=${KAPIC:-./kapic}
CC=${CC:-cc}
pairs=${BENCH_PAIRS:-31}
runs=${BENCH_RUNS:-5}
ns=${BENCH_NS:-100 1000 10000}
case $KAPIC in /*) ;; *) KAPIC=$(pwd)/$KAPIC ;; esac
srcdir=$(cd "$srcdir" && pwd)
test -x "$KAPIC" || { echo "run.sh: no kapic at $KAPIC" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/kapic-bench.XXXXXX")
# Thousands of files created in a directory just emptied cost ext4 more
# than kapic takes to render them (its search for a free inode): outputs
# go to tmpfs, so that the figures are kapic's.
outs=${BENCH_OUT:-}
[ -n "$outs" ] || outs=$(mktemp -d /dev/shm/kapic-bench.XXXXXX 2>/dev/null) || outs=$work/outs
mkdir -p "$outs"
trap 'rm -rf "$work" "$outs"' EXIT INT TERM
"$CC" -O2 -o "$work/timeit" "$srcdir/bench/timeit.c"

# median COLUMN FILE: the median of COLUMN (1 = ns, 2 = KiB) of timeit lines.
median() {
	cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $1 } END {
		printf "%.0f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

echo "kapic benchmark: $KAPIC"
echo "machine: $(nproc) cpus, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), $(uname -sr)"
echo "outputs written to: $outs ($(df -T "$outs" | awk 'NR == 2 { print $2 }'))"
echo

# One spec, every output, against dtc on a device tree of the same size:
# both compilers start, parse, check and write; pairs alternate so that a
# change in the machine's load hits both alike.
spec=$srcdir/specs/mlock2.kapi
bytes=$(wc -c <"$spec")
sh "$srcdir/bench/gen-dts" "$bytes" "$work/board.dts"
one=$outs/one dtb=$outs/dtb
mkdir "$one" "$dtb"
: >"$work/kapic.t"; : >"$work/dtc.t"
have_dtc=false
command -v dtc >/dev/null 2>&1 && have_dtc=true
i=0
while [ "$i" -lt "$pairs" ]; do
	"$work/timeit" -c "$one" 1 "$KAPIC" --emit=all -d "$one" "$spec" >>"$work/kapic.t"
	$have_dtc && "$work/timeit" -c "$dtb" 1 dtc -I dts -O dtb \
		-o "$dtb/board.dtb" "$work/board.dts" >>"$work/dtc.t"
	i=$((i + 1))
done
tk=$(median 1 "$work/kapic.t")
echo "one spec ($bytes bytes), median of $pairs runs:"
echo "  kapic --emit=all -d DIR specs/mlock2.kapi   $(calc %.2f "$tk / 1e6") ms, peak RSS $(calc %.1f "$(median 2 "$work/kapic.t") / 1024") MB"
if $have_dtc; then
	td=$(median 1 "$work/dtc.t")
	echo "  dtc -I dts -O dtb ($(wc -c <"$work/board.dts") bytes)          $(calc %.2f "$td / 1e6") ms, peak RSS $(calc %.1f "$(median 2 "$work/dtc.t") / 1024") MB"
	echo "  ratio kapic / dtc: $(calc %.2f "$tk / $td") (target <= 1.5)"
else
	echo "  dtc is not installed (apt-get install device-tree-compiler): no comparison"
fi
if [ -x "${TEMPLATE_PARSE:-}" ]; then
	tp=$("$TEMPLATE_PARSE" 101)
	echo "  parsing the built-in templates at run time, which tmplc spares a run (bench/template-parse, median of 101): $(calc %.2f "$tp / 1000") ms"
fi
echo

# Corpora of N specs shaped like mlock2 (bench/gen-corpus) in one file.
printf '%-6s %8s | %8s %8s %8s %7s | %8s %8s %7s\n' N input_KB \
	chk_ms chk_MB/s chk_us/sp rss_MB all_ms all_us/sp rss_MB
for n in $ns; do
	corpus=$work/corpus-$n.kapi
	sh "$srcdir/bench/gen-corpus" "$n" "$corpus"
	# A corpus with diagnostics would time the error paths.
	if ! "$KAPIC" --check "$corpus" 2>"$work/diag" || [ -s "$work/diag" ]; then
		echo "run.sh: corpus-$n.kapi is not clean:" >&2; head "$work/diag" >&2; exit 1
	fi
	cb=$(wc -c <"$corpus")
	"$work/timeit" "$runs" "$KAPIC" --check "$corpus" >"$work/check.t"
	mkdir -p "$outs/out"
	"$work/timeit" -c "$outs/out" "$runs" "$KAPIC" --emit=all -d "$outs/out" "$corpus" >"$work/all.t"
	rm -rf "$outs/out"
	tc=$(median 1 "$work/check.t") ta=$(median 1 "$work/all.t")
	printf '%-6s %8.0f | %8.1f %8.1f %8.1f %7.1f | %8.1f %8.1f %7.1f\n' "$n" \
		"$(calc %f "$cb / 1024")" "$(calc %f "$tc / 1e6")" \
		"$(calc %f "$cb / ($tc / 1e9) / 1e6")" "$(calc %f "$tc / 1e3 / $n")" \
		"$(calc %f "$(median 2 "$work/check.t") / 1024")" \
		"$(calc %f "$ta / 1e6")" "$(calc %f "$ta / 1e3 / $n")" \
		"$(calc %f "$(median 2 "$work/all.t") / 1024")"
	echo "$n $tc $ta" >>"$work/per-spec"
done
echo
awk '$1 == 100 { c = $2 / 100; a = $3 / 100 } { n = $1; cn = $2 / $1; an = $3 / $1 }
     END { if (c && n > 100)
	printf "time a spec at N=%d / at N=100: --check %.2f, --emit=all %.2f (target <= 1.3)\n",
		n, cn / c, an / a }' "$work/per-spec"
echo "chk = --check, all = --emit=all -d into an emptied directory; medians of"
echo "$runs runs; MB/s of input; rss = peak resident set of the run."
