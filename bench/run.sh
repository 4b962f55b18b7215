#!/bin/sh
# bench/run.sh -- time kapic on generated corpora (see bench/RESULTS.md).
#
# Usage: KAPIC=./kapic bench/run.sh [SRCDIR]
# Environment: BENCH_NS (corpus sizes, default "1 100 1000 10000"),
# BENCH_RUNS (timed runs per figure, default 5; the median is reported),
# BENCH_EMIT_MAX (largest N whose outputs are generated, default 1000: the
# emitter keeps every spec's view model until the end, some 0.7-1.4 MB a
# spec, so N=10000 would need 7-14 GB; see RESULTS.md), BENCH_DIR (work
# directory, default a fresh mktemp -d, removed afterwards), CC (gcc).
set -eu
srcdir=${1:-${srcdir:-.}}
KAPIC=${KAPIC:-./kapic}
CC=${CC:-gcc}
ns=${BENCH_NS:-1 100 1000 10000}
emit_max=${BENCH_EMIT_MAX:-1000}
runs=${BENCH_RUNS:-5}
case $KAPIC in /*) ;; *) KAPIC=$(pwd)/$KAPIC ;; esac
srcdir=$(cd "$srcdir" && pwd)
test -x "$KAPIC" || { echo "run.sh: no kapic at $KAPIC" >&2; exit 2; }

if [ -n "${BENCH_DIR:-}" ]; then
	work=$BENCH_DIR; mkdir -p "$work"
else
	work=$(mktemp -d); trap 'rm -rf "$work"' EXIT INT TERM
fi

have() { command -v "$1" >/dev/null 2>&1; }

# median_s CMD...: median wall seconds of $runs runs of CMD (stdout and
# stderr discarded).  hyperfine when installed, else a date +%s%N loop.
median_s() {
	if have hyperfine; then
		hyperfine -N -w 1 -r "$runs" --export-json "$work/hf.json" \
			--style none --output=null -- "$(quote "$@")" >/dev/null 2>&1 ||
			{ echo "run.sh: command failed: $*" >&2; exit 1; }
		sed -n 's/^ *"median": *\([0-9.e+-]*\),*$/\1/p' "$work/hf.json" | head -n 1
		return
	fi
	i=0
	: >"$work/times"
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || { echo "run.sh: command failed: $*" >&2; exit 1; }
		t1=$(date +%s%N)
		echo $((t1 - t0)) >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{ t[NR] = $1 } END {
		m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "%.6f\n", m / 1e9 }'
}

# hyperfine -N takes one string and splits it on spaces.
quote() { printf '%s ' "$@"; }

# peak_kb CMD...: peak RSS in KiB of one run.
peak_kb() {
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

calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }

echo "kapic benchmark: $KAPIC, $runs runs per figure (median)"
echo "machine: $(nproc) cpus, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), $(uname -sr)"
have hyperfine && echo "timer: hyperfine $(hyperfine --version | cut -d' ' -f2)" || echo "timer: date +%s%N loop"
echo

printf '%-6s %9s | %9s %8s | %9s %8s %9s | %9s %8s | %9s %9s | %7s\n' \
	N input_KB check_ms chk_MB/s all_ms all_MB/s us/spec rss_chk_MB rss/in \
	gcc_ms kernel_KB kapic/gcc
for n in $ns; do
	corpus=$work/corpus-$n.kapi
	sh "$srcdir/bench/gen-corpus" "$n" "$corpus"
	# The corpus must be clean, or the figures measure error paths.
	if ! "$KAPIC" --check "$corpus" 2>"$work/diag" || [ -s "$work/diag" ]; then
		echo "run.sh: corpus-$n.kapi is not clean:" >&2; head "$work/diag" >&2; exit 1
	fi
	bytes=$(wc -c <"$corpus")
	out=$work/out-$n; rm -rf "$out"; mkdir -p "$out"

	tc=$(median_s "$KAPIC" --check "$corpus")
	rss=$(peak_kb "$KAPIC" --check "$corpus")
	echo "$n $tc" >>"$work/per-spec-check"
	if [ "$n" -gt "$emit_max" ]; then
		printf '%-6s %9.1f | %9.2f %8.1f | %9s %8s %9s | %9.1f %8.1f | (outputs skipped: N > BENCH_EMIT_MAX)\n' \
			"$n" "$(calc '%f' "$bytes / 1024")" \
			"$(calc '%f' "$tc * 1000")" "$(calc '%f' "$bytes / $tc / 1e6")" \
			- - - "$(calc '%f' "$rss / 1024")" "$(calc '%f' "$rss * 1024 / $bytes")"
		continue
	fi
	ta=$(median_s "$KAPIC" --emit=all -d "$out" "$corpus")
	tk=$(median_s "$KAPIC" --emit=kernel -d "$out" "$corpus")

	# gcc on the kernel block kapic generates for the same corpus: one TU.
	kdir=$work/kernel-$n; rm -rf "$kdir"; mkdir -p "$kdir"
	"$KAPIC" --emit=kernel -d "$kdir" "$corpus"
	tu=$work/kernel-$n.c
	# The kernel takes the spec's constants from its own headers.
	{ echo '#include "tests/kapi/kernel_api_spec.h"'
	  sed -n 's/^const \([A-Za-z_0-9]*\) = \(.*\)$/#define \1 (\2)/p' "$corpus"
	  cat "$kdir"/*.kapi.c; } >"$tu"
	kbytes=$(wc -c <"$tu")
	if "$CC" -fsyntax-only -std=gnu11 -I"$srcdir" "$tu" 2>"$work/gcc.err"; then
		tg=$(median_s "$CC" -fsyntax-only -std=gnu11 -I"$srcdir" "$tu")
		ratio=$(calc '%.1f' "$tg / $tk")
		tgms=$(calc '%.1f' "$tg * 1000")
	else
		echo "run.sh: $CC rejects the kernel block of N=$n (first lines):" >&2
		head -n 5 "$work/gcc.err" >&2
		tgms=fail; ratio=-
	fi

	printf '%-6s %9.1f | %9.2f %8.1f | %9.2f %8.1f %9.1f | %9.1f %8.1f | %9s %9.1f | %7s\n' \
		"$n" "$(calc '%f' "$bytes / 1024")" \
		"$(calc '%f' "$tc * 1000")" "$(calc '%f' "$bytes / $tc / 1e6")" \
		"$(calc '%f' "$ta * 1000")" "$(calc '%f' "$bytes / $ta / 1e6")" \
		"$(calc '%f' "$ta * 1e6 / $n")" \
		"$(calc '%f' "$rss / 1024")" "$(calc '%f' "$rss * 1024 / $bytes")" \
		"$tgms" "$(calc '%f' "$kbytes / 1024")" "$ratio"
	echo "$n $ta" >>"$work/per-spec"
done

# Scaling: time per spec at the largest N against N=100.
scaling() {
	test -f "$2" && awk -v what="$1" '$1 == 100 { a = $2 / 100 } { n = $1; b = $2 / $1 }
	     END { if (a && n > 100) printf "scaling (%s): time per spec at N=%d / at N=100 = %.2f (target <= 1.3)\n", what, n, b / a }' "$2"
}
echo
scaling --check "$work/per-spec-check"
scaling --emit=all "$work/per-spec" || true
echo
echo "columns: check/all = median wall ms of --check / --emit=all -d DIR; MB/s of"
echo "input; us/spec = --emit=all time per spec; rss_chk = peak RSS of --check;"
echo "gcc = $CC -fsyntax-only on the concatenated kernel block (kernel_KB);"
echo "kapic/gcc = gcc time / kapic --emit=kernel -d DIR time (target >= 10)."
