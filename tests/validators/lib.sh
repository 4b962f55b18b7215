# lib.sh - shared by the tests under tests/validators: testlib.sh, plus
# generating validators and turning a check program's PASS/FAIL lines into
# test points.

. "$(dirname "$0")/../tools/testlib.sh"

: "${KAPIC:=$srcdir/build/kapic}"
V_CFLAGS="-std=c11 -Wall -Wextra -Werror -pedantic"
# What a kernel W=1 build adds that matters for plain C like ours.
V_KFLAGS="-std=gnu11 -D__KERNEL__ -nostdinc -I$srcdir/tests/validators/kernel-stub -Wall -Wextra -Werror -Wdeclaration-after-statement -Wmissing-prototypes -Wstrict-prototypes -Wold-style-definition -Wvla"

# gen SPEC DIR: the validator source and header of SPEC into DIR.
gen() {
	mkdir -p "$2" && "$KAPIC" --emit=c,h -d "$2" "$1"
}

# points WHAT PROGRAM...: run a check program; one test point per PASS or
# FAIL line, and one for finishing (a crash must not pass).
points() {
	t_prog=$1
	shift
	"$@" >"$out/points.log" 2>&1
	t_rc=$?
	while IFS= read -r t_line; do
		case $t_line in
		"PASS "*) ok "$t_prog: ${t_line#PASS }" ;;
		"FAIL "*) not_ok "$t_prog: ${t_line#FAIL }" ;;
		DONE) ;;
		*) echo "# $t_line" ;;
		esac
	done <"$out/points.log"
	if [ "$t_rc" -eq 0 ] && grep -qx DONE "$out/points.log"; then
		ok "$t_prog: ran to the end and exited 0"
	else
		not_ok "$t_prog: ran to the end and exited 0 (status $t_rc)"
	fi
}

T_CFLAGS="-std=gnu11 -Wall -Wextra -Werror"

# build_all DIR SPEC...: every output of the specs in DIR compiles (the kernel
# block after $kb_pre: the kernel's headers define the constants; with
# $kb_flags added, for a warning the fixture allows and says why).
build_all() {
	b_dir=$1 kb_pre=${kb_pre:-}
	shift
	for cc in $(compilers); do
		have "$cc" || continue
		for s in "$@"; do
			$cc $V_CFLAGS -I"$b_dir" -c "$b_dir/$s-check.c" -o "$b_dir/$s.o" &&
			$cc $V_KFLAGS -I"$b_dir" -c "$b_dir/$s-check.c" -o "$b_dir/$s-k.o" &&
			$cc $T_CFLAGS -I"$b_dir" -c "$b_dir/$s-test.c" -o "$b_dir/$s-t.o" &&
			printf '#include "kernel_api_spec.h"\n%s\n#include "%s.kapi.c"\n' "$kb_pre" "$s" >"$b_dir/$s-kb.c" &&
			# -Wno-override-init: the 2025 header presets
			# .size_param_idx and .reversible, which blocks
			# override as they do on the real header.
			$cc -std=gnu11 -Wall -Wextra -Werror -Wno-override-init ${kb_flags:-} -I"$srcdir/tests/kapi" -I"$b_dir" \
				-c "$b_dir/$s-kb.c" -o "$b_dir/$s-kb.o" || return 1
		done
	done
}
