#!/bin/sh
# Names: parameters named like the templates' and the runtime's locals and
# helpers and like libc's functions (names.kapi) are accepted and every
# output compiles; and the property: KAPI_NAMES_COUNT (60) random specs
# whose parameters are drawn from C keywords, reserved identifiers, libc's
# and the generated code's names (seed KAPI_NAMES_SEED, 16): wherever kapic
# accepts one, the validator (C11 -pedantic, and as kernel code), the test
# (gnu11) and the kernel block compile with gcc and clang.
t_name=validators-run-names
. "$(dirname "$0")/lib.sh"

kb_pre='#define MAIN 4'
check "kapic accepts names.kapi" "$KAPIC" --emit=all -d "$out/names" "$srcdir/tests/validators/names.kapi"
check "names.kapi: validators, tests and kernel blocks compile with $(compilers | tr '\n' ' ')" \
	build_all "$out/names" names more

kb_pre=
count=${KAPI_NAMES_COUNT:-60}
awk -v n="$count" -v seed="${KAPI_NAMES_SEED:-16}" '
function pick(s,   a, k) { k = split(s, a, " "); return a[int(rand() * k) + 1] }
BEGIN {
	pool = "int default while return case char long unsigned signed void bool true " \
	       "errno linux unix main exit abort printf syscall malloc free memset " \
	       "strlen size_t uintptr_t pid_t NULL EINVAL INT_MAX SIZE_MAX stdin " \
	       "si_pid st_mtime sa_handler _Bool __x _X ret rule why a v p env " \
	       "predicted cases call_libc call_raw case_1 check_1 sweep_x kapi_check__lt " \
	       "kapi_env kapi_main KAPI_NARGS kapi__rule kapi__ret kapi__why " \
	       "p_a p_env x y len flags start buf count mode fd addr"
	srand(seed)
	for (i = 0; i < n; i++) {
		k = 1 + int(rand() * 4)
		delete used; list = ""
		for (j = 0; j < k; j++) {
			do nm = pick(pool); while (nm in used)
			used[nm] = 1; names[j] = nm
		}
		printf "syscall rnd%d {\n\tsummary \"S\";\n", i
		for (j = 0; j < k; j++) {
			t = pick("int unsigned_long const_char_* size_t")
			gsub(/_/, " ", t); if (t == "size t") t = "size_t"
			printf "\tparam %s: %s { summary \"P\"; type int; }\n", names[j], t
			list = list (j ? ", " : "") names[j] " = 0"
			cond = cond (j ? " + " : "") names[j]
		}
		printf "\treturn long { summary \"R\"; type int; check error; success 0; }\n"
		printf "\terror EINVAL \"e\" { description \"D\"; when %s > 1; untestable \"u\"; }\n", cond
		printf "\ttest \"t\" { args %s; }\n}\n", list
		cond = ""
	}
}' | awk -v dir="$out" '/^syscall/ { f = dir "/" $2 ".kapi" } { print > f }'

accepted=0 rejected=0
for f in "$out"/rnd*.kapi; do
	s=$(basename "$f" .kapi)
	if ! "$KAPIC" "$f" >/dev/null 2>"$out/$s.err"; then
		rejected=$((rejected + 1))
		if ! grep -q '\[c-name\]$' "$out/$s.err"; then
			not_ok "$s: rejected, but not by c-name"
			diag "$out/$s.err"
		fi
		continue
	fi
	accepted=$((accepted + 1))
	mkdir -p "$out/$s"
	if "$KAPIC" --emit=all -d "$out/$s" "$f" 2>"$out/$s.err" && build_all "$out/$s" "$s" >"$out/$s.log" 2>&1; then
		ok "$s: accepted, and every output compiles"
	else
		not_ok "$s: accepted, and every output compiles"
		diag "$f"
		diag "$out/$s.log"
	fi
done
# Not vacuous either way.
if [ "$accepted" -ge 5 ] && [ "$rejected" -ge 5 ]; then
	ok "$accepted of $count random specs accepted, $rejected rejected by c-name"
else
	not_ok "$accepted of $count random specs accepted, $rejected rejected by c-name"
fi
finish
