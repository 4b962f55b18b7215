#!/bin/sh
# bench/run.sh -- time kapic on generated corpora (see bench/RESULTS.md).
#
# Usage: KAPIC=./kapic bench/run.sh [SRCDIR]
# Environment: BENCH_NS (corpus sizes, default "1 100 1000 10000"),
# BENCH_RUNS (timed runs per figure, default 5; the median is reported),
# BENCH_RUNS_SMALL (the same for N <= 100, whose runs take milliseconds and
# vary by half from one to the next: default 21),
# BENCH_EMIT_MAX (largest N whose outputs are generated, default 10000),
# BENCH_GCC_SAMPLE (files compiled one by one to estimate gcc per file,
# default 50), BENCH_DIR (work directory, default a fresh mktemp -d,
# removed afterwards), CC (gcc).
set -eu
srcdir=${1:-${srcdir:-.}}
KAPIC=${KAPIC:-./kapic}
CC=${CC:-gcc}
ns=${BENCH_NS:-1 100 1000 10000}
emit_max=${BENCH_EMIT_MAX:-10000}
gcc_sample=${BENCH_GCC_SAMPLE:-50}
runs_large=${BENCH_RUNS:-5}
runs_small=${BENCH_RUNS_SMALL:-21}
[ "$runs_small" -ge "$runs_large" ] || runs_small=$runs_large
runs=$runs_large
case $KAPIC in /*) ;; *) KAPIC=$(pwd)/$KAPIC ;; esac
srcdir=$(cd "$srcdir" && pwd)
test -x "$KAPIC" || { echo "run.sh: no kapic at $KAPIC" >&2; exit 2; }

if [ -n "${BENCH_DIR:-}" ]; then
	work=$BENCH_DIR; mkdir -p "$work"
else
	work=$(mktemp -d); trap 'rm -rf "$work"' EXIT INT TERM
fi

have() { command -v "$1" >/dev/null 2>&1; }

# median FILE: the median of the numbers in FILE, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		printf "%.0f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median_s CMD...: median wall seconds of $runs runs of CMD (stdout and
# stderr discarded).  hyperfine when installed, else a date +%s%N loop.
# With PREPARE set, that shell command runs before each run, untimed.
median_s() {
	if have hyperfine; then
		if [ -n "${PREPARE:-}" ]; then
			set -- --prepare "$PREPARE" -- "$(quote "$@")"
		else
			set -- -- "$(quote "$@")"
		fi
		hyperfine -N -w 1 -r "$runs" --export-json "$work/hf.json" \
			--style none --output=null "$@" >/dev/null 2>&1 ||
			{ echo "run.sh: command failed: $*" >&2; exit 1; }
		sed -n 's/^ *"median": *\([0-9.e+-]*\),*$/\1/p' "$work/hf.json" | head -n 1
		return
	fi
	i=0
	: >"$work/times"
	while [ "$i" -lt "$runs" ]; do
		[ -n "${PREPARE:-}" ] && sh -c "$PREPARE"
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || { echo "run.sh: command failed: $*" >&2; exit 1; }
		t1=$(date +%s%N)
		echo $((t1 - t0)) >>"$work/times"
		i=$((i + 1))
	done
	calc '%.6f' "$(median "$work/times") / 1e9"
}

# checked_median_s WHAT CMD...: CMD once, its first errors reported as
# WHAT rejected by $CC and a failure returned; else median_s CMD.
checked_median_s() {
	what=$1; shift
	if ! "$@" >/dev/null 2>"$work/gcc.err"; then
		echo "run.sh: $CC rejects $what (first lines):" >&2
		head -n 5 "$work/gcc.err" >&2
		return 1
	fi
	median_s "$@"
}

# hyperfine -N takes one string and splits it on spaces.
quote() { printf '%s ' "$@"; }

# peak_kb_once CMD...: peak RSS in KiB of one run.
peak_kb_once() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
		tail -n 1 "$work/rss"
	else
		# Without GNU time (apt-get install time), poll VmHWM while it
		# runs: the last few milliseconds of growth may be missed.
		"$@" >/dev/null 2>&1 & pid=$!; hwm=0
		while kill -0 "$pid" 2>/dev/null; do
			h=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
			[ -n "$h" ] && hwm=$h
		done
		wait "$pid" || true
		echo "$hwm"
	fi
}

# peak_kb CMD...: the median peak RSS in KiB of $runs runs: one run's
# peak moves by 300 KB or so here (fault-around of the shared
# libraries' pages, the heap), as much as 0.4x of the 100-spec input.
# With PREPARE set, that shell command runs before each run.
peak_kb() {
	: >"$work/peaks"
	i=0
	while [ "$i" -lt "$runs" ]; do
		[ -n "${PREPARE:-}" ] && sh -c "$PREPARE"
		peak_kb_once "$@" >>"$work/peaks"
		i=$((i + 1))
	done
	median "$work/peaks"
}

calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }

echo "kapic benchmark: $KAPIC, $runs_large runs per figure ($runs_small for N <= 100; median)"
echo "machine: $(nproc) cpus, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), $(uname -sr)"
have hyperfine && echo "timer: hyperfine $(hyperfine --version | cut -d' ' -f2)" || echo "timer: date +%s%N loop"
# What a second thread and a fresh page cost here, at the start and again
# at the end: on a shared VM both change from one minute to the next, and
# with them every figure below (bench/RESULTS.md, round 6).
state=
if "$CC" -O2 -pthread -o "$work/machine" "$srcdir/bench/machine.c" 2>/dev/null; then
	state=$work/machine
	echo "machine state at the start: $("$state")"
else
	echo "machine state: not measured ($CC cannot build bench/machine.c)"
fi
echo

# The single-spec target: process start to every output written, into a
# directory emptied before each run (an unchanged output is not rewritten,
# so a warm directory would measure less than a build that changed it).
one=$work/one
t1=$(runs=$runs_small PREPARE="rm -rf $one && mkdir $one" median_s "$KAPIC" --emit=all -d "$one" "$srcdir/specs/mlock2.kapi")
echo "single spec: kapic --emit=all -d FRESH_DIR specs/mlock2.kapi: $(calc '%.2f' "$t1 * 1000") ms (target < 3 ms)"
echo

printf '%-6s %8s | %7s %7s %6s | %8s %7s %7s %7s | %7s | %8s %6s | %9s %6s\n' \
	N input_KB chk_ms chk_MB/s rss/in all_ms all_MB/s us/spec rss_MB \
	krn_ms gcc1_ms ratio gccN_ms ratio
for n in $ns; do
	runs=$runs_large
	[ "$n" -gt 100 ] || runs=$runs_small
	corpus=$work/corpus-$n.kapi
	sh "$srcdir/bench/gen-corpus" "$n" "$corpus"
	# The corpus must be clean, or the figures measure error paths.
	if ! "$KAPIC" --check "$corpus" 2>"$work/diag" || [ -s "$work/diag" ]; then
		echo "run.sh: corpus-$n.kapi is not clean:" >&2; head "$work/diag" >&2; exit 1
	fi
	bytes=$(wc -c <"$corpus")
	out=$work/out-$n

	tc=$(median_s "$KAPIC" --check "$corpus")
	rss=$(peak_kb "$KAPIC" --check "$corpus")
	echo "$n $tc" >>"$work/per-spec-check"
	if [ "$n" -gt "$emit_max" ]; then
		printf '%-6s %8.0f | %7.1f %7.1f %6.1f | (outputs skipped: N > BENCH_EMIT_MAX)\n' \
			"$n" "$(calc '%f' "$bytes / 1024")" \
			"$(calc '%f' "$tc * 1000")" "$(calc '%f' "$bytes / $tc / 1e6")" \
			"$(calc '%f' "$rss * 1024 / $bytes")"
		continue
	fi
	# Outputs into an emptied directory each run: every file is written.
	ta=$(PREPARE="rm -rf $out && mkdir $out" median_s "$KAPIC" --emit=all -d "$out" "$corpus")
	rss_all=$(PREPARE="rm -rf $out && mkdir $out" peak_kb "$KAPIC" --emit=all -d "$out" "$corpus")
	kdir=$work/kernel-$n
	tk=$(PREPARE="rm -rf $kdir && mkdir $kdir" median_s "$KAPIC" --emit=kernel -d "$kdir" "$corpus")
	rm -rf "$kdir"; mkdir "$kdir"
	"$KAPIC" --emit=kernel -d "$kdir" "$corpus"

	# gcc on the kernel block kapic generates for the same corpus.  The
	# kernel takes the spec's constants from its own headers.
	{ echo '#include "tests/kapi/kernel_api_spec.h"'
	  sed -n 's/^const \([A-Za-z_0-9]*\) = \(.*\)$/#define \1 (\2)/p' "$corpus"; } >"$work/prelude.h"
	# (1) all of it as one translation unit;
	tu=$work/kernel-$n.c
	{ cat "$work/prelude.h"; cat "$kdir"/*.kapi.c; } >"$tu"
	tgms=fail ratio1=-
	if tg=$(checked_median_s "the kernel block of N=$n" \
		"$CC" -fsyntax-only -std=gnu11 -I"$srcdir" "$tu"); then
		ratio1=$(calc '%.1f' "$tg / $tk")
		tgms=$(calc '%.1f' "$tg * 1000")
	fi
	# (2) a translation unit per spec, as Kbuild compiles generated
	# files: the time of a sample of them, compiled one after the other,
	# scaled to N.
	ls "$kdir"/*.kapi.c | head -n "$gcc_sample" >"$work/sample"
	ns_sample=$(wc -l <"$work/sample")
	{ echo 'set -e'
	  while read -r f; do
		echo "$CC -fsyntax-only -std=gnu11 -I'$srcdir' -include '$work/prelude.h' '$f'"
	  done <"$work/sample"; } >"$work/per-file.sh"
	tfms=fail ratioN=-
	# (BENCH_GCC_SAMPLE compiles a run: $runs_large runs whatever N.)
	if tf=$(runs=$runs_large checked_median_s "a kernel file of N=$n" sh "$work/per-file.sh"); then
		tfn=$(calc '%f' "$tf * $n / $ns_sample")
		ratioN=$(calc '%.1f' "$tfn / $tk")
		tfms=$(calc '%.0f' "$tfn * 1000")
	fi

	printf '%-6s %8.0f | %7.1f %7.1f %6.1f | %8.1f %7.1f %7.0f %7.1f | %7.1f | %8s %6s | %9s %6s\n' \
		"$n" "$(calc '%f' "$bytes / 1024")" \
		"$(calc '%f' "$tc * 1000")" "$(calc '%f' "$bytes / $tc / 1e6")" \
		"$(calc '%f' "$rss * 1024 / $bytes")" \
		"$(calc '%f' "$ta * 1000")" "$(calc '%f' "$bytes / $ta / 1e6")" \
		"$(calc '%f' "$ta * 1e6 / $n")" "$(calc '%f' "$rss_all / 1024")" \
		"$(calc '%f' "$tk * 1000")" "$tgms" "$ratio1" "$tfms" "$ratioN"
	echo "$n $ta" >>"$work/per-spec"
	rm -rf "$out" "$kdir" "$tu"
done

# Scaling: time per spec at the largest N against N=100.
scaling() {
	test -f "$2" && awk -v what="$1" '$1 == 100 { a = $2 / 100 } { n = $1; b = $2 / $1 }
	     END { if (a && n > 100) printf "scaling (%s): time per spec at N=%d / at N=100 = %.2f (target <= 1.3)\n", what, n, b / a }' "$2"
}
echo
scaling --check "$work/per-spec-check"
scaling --emit=all "$work/per-spec" || true
[ -n "$state" ] && echo "machine state at the end: $("$state")"
echo
echo "columns: chk = --check (median wall ms, MB/s of input, median peak RSS / input"
echo "size); all = --emit=all -d into an emptied directory (ms, MB/s of input,"
echo "us a spec, median peak RSS MB); krn = --emit=kernel -d into an emptied directory;"
echo "gcc1 = $CC -fsyntax-only on the whole kernel block as one translation unit,"
echo "ratio = gcc1 / krn; gccN = the same block a file per spec as Kbuild builds"
echo "it (BENCH_GCC_SAMPLE files timed, scaled to N), ratio = gccN / krn."
