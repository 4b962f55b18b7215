#!/bin/sh
# Diagnostic fixtures: each tests/checks/*.kapi writes the diagnostics it
# must produce inline, on the offending line:
#
#   mask MLOCK_ONFAUL;   // expect: error unknown-name 7 "did you mean"
#
# i.e. `expect: SEVERITY CHECK [COLUMN] ["message substring"]`; several
# `expect:` clauses may share a line.  A first-line comment
# `// kapic-options: ...` passes options to kapic; `// kapic-todo: WHY`
# marks a known compiler bug (a TAP TODO point, so a fix shows as XPASS).  Files under inc/ named
# after a fixture (inc/NAME-*.kapi) are its includes; their expectations
# count too.  A fixture passes when kapic exits 1 if an error is expected
# (0 otherwise), every expectation is met, and nothing else is reported:
# notes and hints aside, every diagnostic must be expected.
set -u

: "${srcdir:?srcdir must name the source tree}"
: "${KAPIC:?KAPIC must name the kapic binary}"
dir="$srcdir/tests/checks"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kapic-checks.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
NO_COLOR=1; export NO_COLOR

n=0
failed=0
todo=
ok() { n=$((n + 1)); echo "ok $n - $1${todo:+ # TODO $todo}"; }
not_ok() {
	n=$((n + 1))
	if [ -n "$todo" ]; then
		echo "not ok $n - $1 # TODO $todo"
	else
		failed=$((failed + 1)); echo "not ok $n - $1"
	fi
	if [ -s "$tmp/why" ]; then sed 's/^/# /' "$tmp/why"; fi
	if [ -s "$tmp/err" ]; then sed 's/^/#   | /' "$tmp/err"; fi
}

# Expectations of FILE as lines `base|line|severity|check|column|substring`.
expectations() {
	awk -v base="${1##*/}" '
	{
		rest = $0
		while ((i = index(rest, "expect:")) > 0) {
			rest = substr(rest, i + 7)
			clause = rest
			if ((j = index(clause, "expect:")) > 0)
				clause = substr(clause, 1, j - 1)
			q = index(clause, "\"")
			if (q > 0) {
				s = substr(clause, q + 1)
				e = index(s, "\"")
				substr_ = e > 0 ? substr(s, 1, e - 1) : s
				clause = substr(clause, 1, q - 1)
			} else
				substr_ = ""
			nf = split(clause, w, /[ \t;]+/)
			k = 0
			for (f = 1; f <= nf; f++)
				if (w[f] != "")
					v[++k] = w[f]
			col = (k >= 3 && v[3] ~ /^[0-9]+$/) ? v[3] : ""
			printf "%s|%d|%s|%s|%s|%s\n", base, NR, v[1], v[2], col, substr_
		}
	}' "$1"
}

# kapic's diagnostics as `base|line|severity|check|column|message`, and
# every other line of its output that is neither a quoted source line, a
# caret, a note nor a hint, marked `?`.
diagnostics() {
	awk '
	/^[^ ]*:[0-9]+:[0-9]+: (error|warning): / {
		split($0, p, ":")
		f = p[1]; sub(/.*\//, "", f)
		line = p[2]; col = p[3]
		msg = $0
		sub(/^[^ ]*:[0-9]+:[0-9]+: /, "", msg)
		sev = msg; sub(/:.*/, "", sev)
		sub(/^[a-z]+: /, "", msg)
		chk = ""
		if (match(msg, /\[[a-z-]+\]$/)) {
			chk = substr(msg, RSTART + 1, RLENGTH - 2)
			msg = substr(msg, 1, RSTART - 2)
		}
		printf "%s|%s|%s|%s|%s|%s\n", f, line, sev, chk, col, msg
		next
	}
	/^[^ ]*:[0-9]+:[0-9]+: note: / { next }
	/^ / || /^hint: / || /^$/ { next }
	{ printf "?|%s\n", $0 }' "$1"
}

# Match expectations ($1) against diagnostics ($2); explain into $tmp/why.
match_all() {
	awk -F'|' '
	NR == FNR { wanted[++ne] = $0; next }
	{ act[++na] = $0 }
	END {
		bad = 0
		for (i = 1; i <= ne; i++) {
			split(wanted[i], x, "|")
			found = 0
			for (j = 1; j <= na && !found; j++) {
				if (used[j]) continue
				split(act[j], a, "|")
				if (a[1] != x[1] || a[2] != x[2] || a[3] != x[3] || a[4] != x[4])
					continue
				if (x[5] != "" && a[5] != x[5]) continue
				if (x[6] != "" && index(a[6], x[6]) == 0) continue
				used[j] = found = 1
			}
			if (!found) {
				printf "missing: %s:%s: %s [%s]%s%s\n", x[1], x[2], x[3], x[4],
					x[5] != "" ? " column " x[5] : "",
					x[6] != "" ? " \"" x[6] "\"" : ""
				bad = 1
			}
		}
		for (j = 1; j <= na; j++)
			if (!used[j]) {
				printf "unexpected: %s\n", act[j]
				bad = 1
			}
		exit bad
	}' "$1" "$2" >"$tmp/why"
}

# run_fixture FILE [EXTRA OPTION...]: run kapic on FILE; sets $status.
run_fixture() {
	f=$1; shift
	opts=$(sed -n '1,2s|^// kapic-options:||p' "$f")
	# Word splitting of $opts is intended: it holds options.
	# shellcheck disable=SC2086
	(cd "$dir" && "$KAPIC" --color=never $opts "$@" "${f#"$dir"/}") \
		>"$tmp/out" 2>"$tmp/err"
	status=$?
}

check_fixture() {
	f=$1
	name=${f##*/}
	name=${name%.kapi}
	: >"$tmp/why"
	: >"$tmp/err"
	todo=$(sed -n '1,2s|^// kapic-todo: *||p' "$f")
	{
		expectations "$f"
		for inc in "$dir/inc/$name"-*.kapi; do
			[ -f "$inc" ] && expectations "$inc"
		done
	} >"$tmp/exp"
	run_fixture "$f"
	want=0
	grep -q '^[^|]*|[^|]*|error|' "$tmp/exp" && want=1
	diagnostics "$tmp/err" >"$tmp/act"
	if [ ! -s "$tmp/exp" ]; then
		echo "fixture has no expect: comment" >"$tmp/why"
		not_ok "$name"
	elif [ "$status" -ne "$want" ]; then
		match_all "$tmp/exp" "$tmp/act"
		echo "exit status $status, expected $want" >>"$tmp/why"
		not_ok "$name"
	elif [ -s "$tmp/out" ]; then
		echo "unexpected standard output" >"$tmp/why"
		not_ok "$name"
	elif ! match_all "$tmp/exp" "$tmp/act"; then
		not_ok "$name"
	else
		ok "$name"
	fi
	todo=
}

for f in "$dir"/*.kapi; do
	check_fixture "$f"
done

# Every check kapic knows has a fixture of its own.
"$KAPIC" --list-checks | awk '{ print $1 }' >"$tmp/checks"
: >"$tmp/why"; : >"$tmp/err"
while read -r c; do
	[ -f "$dir/$c.kapi" ] || echo "no fixture for check '$c'" >>"$tmp/why"
done <"$tmp/checks"
if [ -s "$tmp/checks" ] && [ ! -s "$tmp/why" ]; then
	ok "every check in --list-checks has a fixture"
else
	not_ok "every check in --list-checks has a fixture"
fi

# expect_run DESCRIPTION STATUS PATTERN...: the last run exited STATUS and
# its standard error holds every (grep -E) PATTERN.
expect_run() {
	d=$1 st=$2; shift 2
	: >"$tmp/why"
	[ "$status" -eq "$st" ] || echo "exit status $status, expected $st" >"$tmp/why"
	for p in "$@"; do
		grep -Eq -- "$p" "$tmp/err" || echo "no line matches: $p" >>"$tmp/why"
	done
	if [ -s "$tmp/why" ]; then not_ok "$d"; else ok "$d"; fi
}

dp="$dir/duplicate-property.kapi"
run_fixture "$dp" -Werror
expect_run "-Werror makes duplicate-property an error, exit 1" 1 \
	'^duplicate-property\.kapi:[0-9]+:[0-9]+: error: .*\[duplicate-property\]$'
if grep -q ': warning: ' "$tmp/err"; then
	: >"$tmp/why"
	not_ok "-Werror leaves no warning"
else
	ok "-Werror leaves no warning"
fi

run_fixture "$dp" -Wno-duplicate-property
: >"$tmp/why"
if [ "$status" -eq 0 ] && [ ! -s "$tmp/err" ]; then
	ok "-Wno-duplicate-property silences it, exit 0"
else
	echo "exit status $status, expected 0 and no output" >"$tmp/why"
	not_ok "-Wno-duplicate-property silences it, exit 0"
fi

ms="$dir/missing-summary.kapi"
run_fixture "$ms" -Werror=missing-summary
expect_run "-Werror=missing-summary makes it an error, exit 1" 1 \
	'^missing-summary\.kapi:[0-9]+:[0-9]+: error: .*\[missing-summary\]$'

# -Werror=NAME touches NAME only: other warnings stay warnings.
run_fixture "$dp" -Werror=missing-summary
expect_run "-Werror=missing-summary leaves duplicate-property a warning" 0 \
	': warning: .*\[duplicate-property\]$'

run_fixture "$dp" -Wduplicate-propert
expect_run "unknown check in -W: exit 2 with a suggestion" 2 \
	"unknown check 'duplicate-propert'; did you mean 'duplicate-property'\\?"
run_fixture "$dp" -Wno-duplicate-propery
expect_run "unknown check in -Wno-: exit 2 with a suggestion" 2 \
	"did you mean 'duplicate-property'\\?"
run_fixture "$dp" -Werror=missing-sumary
expect_run "unknown check in -Werror=: exit 2 with a suggestion" 2 \
	"did you mean 'missing-summary'\\?"

# Recovery on `;` and `}`: three independent mistakes, three errors.
run_fixture "$dir/recovery.kapi"
: >"$tmp/why"
count=$(grep -c ': error: ' "$tmp/err")
if [ "$status" -eq 1 ] && [ "$count" -eq 3 ]; then
	ok "three independent errors give exactly three diagnostics"
else
	echo "exit status $status and $count errors; expected 1 and 3" >"$tmp/why"
	not_ok "three independent errors give exactly three diagnostics"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
