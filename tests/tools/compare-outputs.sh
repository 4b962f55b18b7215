#!/bin/sh
# compare-outputs.sh OLD NEW [SRCDIR] -- run two kapic binaries over every
# .kapi under specs/ and tests/ (and generated corpora of 1, 100 and 1000
# specs, one with errors) and report every difference in outputs,
# diagnostics or exit status.  Used for refactorings that must not change
# behaviour: build the previous revision with build-rev.sh and compare.
#   OLD, NEW  kapic binaries;  SRCDIR  the source tree (default: .)
# Exit 0 when both trees are identical, 1 otherwise.
set -u
old=$1 new=$2 src=${3:-.}
case $old in /*) ;; *) old=$(pwd)/$old ;; esac
case $new in /*) ;; *) new=$(pwd)/$new ;; esac
src=$(cd "$src" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kapic-compare.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

"$src/bench/gen-corpus" 1 "$work/c1.kapi"
"$src/bench/gen-corpus" 100 "$work/c100.kapi"
"$src/bench/gen-corpus" 1000 "$work/c1000.kapi"
sed '5000s/.*/ bogus ;/;15000s/.*/syscall ;/' "$work/c1000.kapi" >"$work/c1000-bad.kapi"

# run TAG K: every invocation for every input with binary K into $work/TAG
run() {
	tag=$1 k=$2 n=0
	mkdir -p "$work/$tag"
	for f in $(cd "$src" && find specs tests -name '*.kapi' | sort) \
		"$work/c1.kapi" "$work/c100.kapi" "$work/c1000.kapi" "$work/c1000-bad.kapi"; do
		n=$((n + 1)); d=$work/$tag/$n
		mkdir -p "$d/all"
		case $f in /*) ;; *) f=$src/$f ;; esac
		(cd "$(dirname "$f")" &&
		 echo "$f" >"$d/name" &&
		 SOURCE_DATE_EPOCH=1700000000 "$k" --check "$(basename "$f")" >"$d/check.out" 2>"$d/check.err"; echo $? >"$d/check.rc"
		 SOURCE_DATE_EPOCH=1700000000 "$k" -Wall --check "$(basename "$f")" >"$d/wall.out" 2>"$d/wall.err"; echo $? >"$d/wall.rc"
		 SOURCE_DATE_EPOCH=1700000000 "$k" --emit=all -MD -MP -d "$d/all" "$(basename "$f")" >"$d/all.out" 2>"$d/all.err"; echo $? >"$d/all.rc"
		 SOURCE_DATE_EPOCH=1700000000 "$k" --emit=json -o - "$(basename "$f")" >"$d/json.out" 2>"$d/json.err"; echo $? >"$d/json.rc"
		 SOURCE_DATE_EPOCH=1700000000 "$k" --emit=kernel -o - "$(basename "$f")" >"$d/kernel.out" 2>"$d/kernel.err"; echo $? >"$d/kernel.rc"
		 SOURCE_DATE_EPOCH=1700000000 "$k" --emit=test -o - "$(basename "$f")" >"$d/test.out" 2>"$d/test.err"; echo $? >"$d/test.rc"
		) 2>/dev/null
		# depfiles name the absolute output directory: make it relative
		for m in "$d"/all/*.d; do
			[ -f "$m" ] && sed -i "s|$work/$tag/|W/|g" "$m"
		done
	done
	# stdin with a name, and usage errors
	cat "$src/specs/mlock2.kapi" | "$k" --stdin-name=in.kapi --emit=json -o - - >"$work/$tag/stdin.out" 2>&1; echo $? >>"$work/$tag/stdin.out"
	"$k" --bogus >"$work/$tag/usage.out" 2>&1; echo $? >>"$work/$tag/usage.out"
	"$k" --list-checks >"$work/$tag/list.out" 2>&1; echo $? >>"$work/$tag/list.out"
	"$k" --help >"$work/$tag/help.out" 2>&1; echo $? >>"$work/$tag/help.out"
}
run old "$old"
run new "$new"
if diff -r "$work/old" "$work/new" >"$work/diff"; then
	echo "compare-outputs: identical ($(find "$work/old" -type f | wc -l) files)"
	exit 0
fi
head -200 "$work/diff"
echo "compare-outputs: DIFFERENT ($(grep -c '^diff\|^Only' "$work/diff") files)"
exit 1
