#!/bin/sh
# generations.sh - the mlock2 block of each KAPI generation (--kapi=2025,
# --kapi=2026) compiles against that generation's stand-in header with
# every compiler, and what the compiler made of it matches kapic's JSON
# model (kapi-dump against json-to-dump.jq).  The language examples, every
# construct once, compile against each header too; a spec of 2026 words
# compiles against the 2026 header, and kapic refuses it under 2025.
#
# Allowed warning: under 2025 only, override-init at each
# KAPI_EFFECT_REVERSIBLE and `.size_param_idx =` (the real header presets
# both, so the hand-written blocks warn there too); 2026 presets nothing
# and its blocks build with no warning switched off.
#
# Environment: srcdir, builddir, CC, KAPI_TEST_COMPILERS, KAPIC, JQ.

t_name=generations
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=kapic}" "${JQ:=jq}"

kapi=$srcdir/tests/kapi
# The same specs under both: 2026 has no since_version, deprecated or
# replacement, which its block leaves out.
mkdir -p "$out/src"
cp "$srcdir/specs/mlock2.kapi" "$out/src/mlock2-2025.kapi"
cp "$srcdir/specs/mlock2.kapi" "$out/src/mlock2-2026.kapi"
cp "$srcdir/tests/build/lang-examples.kapi" "$out/src/lang-2025.kapi"
cp "$srcdir/tests/build/lang-examples.kapi" "$out/src/lang-2026.kapi"
cat >"$out/src/words-2026.kapi" <<'EOF'
syscall words {
	summary "Uses the words only 2026 has";
	param path: const char * {
		summary "A path"; flags in, user; type path; check user_path;
	}
	param len: size_t { summary "A length"; flags in; type uint; check page_aligned; }
	param fl: unsigned int { summary "Flags"; flags in; type uint; mask 0x3; arch-mask x86_64 = 0x7; }
	return long { summary "Does not return"; type int; check no_return; }
	signal SIGKILL { direction receive; action terminate; timing before; }
	effect "process image" { kind process_state, irreversible; description "Gone"; }
	api-type function;
	lock "other": spinlock { scope caller_held; }
	constraint "budget" { expr "MCL_FUTURE => mm->def_flags |= VM_LOCKED"; }
	lock "the lock": mutex { acquired; description "A lock description longer than the 2025 header's 512 bytes: .................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................."; }
}
EOF

gen_flags() { [ "$1" = 2025 ] && echo "-I$kapi" || echo "-I$kapi/2026"; }

for g in 2025 2026; do
	mkdir -p "$out/$g"
	check "--kapi=$g: mlock2 compiles to kernel and JSON" \
		"$KAPIC" --kapi=$g -Wno-untested-error --emit=kernel,json -d "$out/$g" "$out/src/mlock2-$g.kapi"
	check "--kapi=$g: the language examples compile to kernel and JSON" \
		"$KAPIC" --kapi=$g -w -I "$srcdir/tests/build" --emit=kernel,json -d "$out/$g/lang" "$out/src/lang-$g.kapi"
done
"$KAPIC" --kapi=2025 --check "$out/src/words-2026.kapi" >/dev/null 2>"$out/words-2025.err"
check "--kapi=2025 refuses the 2026 words and the long string, each located" \
	sh -c "test \$(grep -c '\[generation\]' '$out/words-2025.err') -eq 7 &&
		test \$(grep -c '\[string-length\]' '$out/words-2025.err') -eq 1"
check "--kapi=2026 accepts them" \
	"$KAPIC" --kapi=2026 -w --emit=kernel -d "$out/2026/words" "$out/src/words-2026.kapi"

check "the 2026 block uses the 2026 spellings" \
	sh -c "! grep -q 'KAPI_SINCE_VERSION\|KAPI_LOCK_ACQUIRED' '$out/2026/mlock2.kapi.c' &&
		grep -q '\.scope = KAPI_LOCK_INTERNAL,' '$out/2026/mlock2.kapi.c' &&
		grep -q 'KAPI_PARAM_ENUM_VALUES(0, 1' '$out/2026/lang/demo_helper.kapi.c' &&
		grep -q 'KAPI_SIGNAL_MASK_SIGNALS(SIG' '$out/2026/lang/demo_buffer.kapi.c' &&
		grep -q 'KAPI_PARAM_SIZE_PARAM(2)' '$out/2026/lang/demo_buffer.kapi.c'"
check "the 2025 block uses the 2025 spellings" \
	sh -c "grep -q 'KAPI_SINCE_VERSION(\"4.4\")' '$out/2025/mlock2.kapi.c' &&
		grep -q 'KAPI_LOCK_ACQUIRED' '$out/2025/mlock2.kapi.c' &&
		grep -q 'static const s64 __kapi_demo_helper_mode_values' '$out/2025/lang/demo_helper.kapi.c' &&
		grep -q '\.signals = { SIG' '$out/2025/lang/demo_buffer.kapi.c' &&
		grep -q '\.size_param_idx = 2,' '$out/2025/lang/demo_buffer.kapi.c'"

# TU G NAME BLOCK...: a translation unit including each block, with the
# constants of JSON defined as the kernel's headers would.
tu() {
	t_out=$1 json=$2
	shift 2
	{
		echo '#include "kernel_api_spec.h"'
		"$JQ" -r '.constants[] | "#ifndef \(.name)\n#define \(.name) (\(.value.text))\n#endif"' "$json"
		for f in "$@"; do echo "#include \"$f\""; done
	} >"$t_out"
}

for g in 2025 2026; do
	tu "$out/mlock2-$g.c" "$out/$g/mlock2-$g.json" "$out/$g/mlock2.kapi.c"
	tu "$out/lang-$g.c" "$out/$g/lang/lang-$g.json" "$out/$g/lang"/*.kapi.c
done
printf '{"constants": []}\n' >"$out/empty.json"
tu "$out/words-2026.c" "$out/empty.json" "$out/2026/words/words.kapi.c"

for cc in $(compilers); do
	t=$(tag "$cc")
	if ! have "$cc"; then
		skip "$cc: generations" "compiler not found"
		continue
	fi
	for g in 2025 2026; do
		flags=$(gen_flags $g)
		noover=
		[ $g = 2025 ] && noover=$(override_flag "$cc")
		# Strict: under 2025 only the presets' overrides may warn.
		$cc $KAPI_CFLAGS $flags -c "$out/mlock2-$g.c" -o "$out/strict-$g-$t.o" >"$out/strict-$g-$t.log" 2>&1
		others=$(grep -E '(warning|error):' "$out/strict-$g-$t.log" | grep -v 'all warnings being treated')
		[ $g = 2025 ] && others=$(echo "$others" | grep -Ev 'override-init|initializer-overrides')
		want=$([ $g = 2025 ] && grep -c 'KAPI_EFFECT_REVERSIBLE' "$out/$g/mlock2.kapi.c" || echo 0)
		got=$(grep -cE 'override-init|initializer-overrides' "$out/strict-$g-$t.log")
		if [ -z "$others" ] && [ "$got" -eq "$want" ]; then
			ok "$cc --kapi=$g: mlock2 strict build, $want override-init warnings and nothing else"
		else
			not_ok "$cc --kapi=$g: mlock2 strict build, $want override-init warnings and nothing else"
			diag "$out/strict-$g-$t.log"
		fi
		check "$cc --kapi=$g: the language examples compile $KAPI_CFLAGS $noover" \
			$cc $KAPI_CFLAGS $noover $flags -c "$out/lang-$g.c" -o "$out/lang-$g-$t.o"
		check "$cc --kapi=$g: kapi-dump builds with the mlock2 block" \
			$cc $KAPI_CFLAGS $noover $flags -I"$out/$g" -DKAPI_BLOCK='"mlock2.kapi.c"' \
			-DKAPI_SPEC_VAR=__kapi_spec_sys_mlock2 "$srcdir/tests/tools/kapi-dump.c" \
			-o "$out/dump-$g-$t"
		if [ -x "$out/dump-$g-$t" ] && "$out/dump-$g-$t" >"$out/c-$g-$t.dump"; then
			KAPI_GENERATION=$g "$JQ" -R -s -r -f "$srcdir/tests/tools/json-to-dump.jq" \
				"$out/$g/mlock2-$g.json" >"$out/json-$g.dump"
			same "$cc --kapi=$g: the compiled struct matches the JSON model" \
				"$out/json-$g.dump" "$out/c-$g-$t.dump"
		else
			not_ok "$cc --kapi=$g: kapi-dump runs"
		fi
	done
	check "$cc: the 2026 words compile against the 2026 header, strict" \
		$cc $KAPI_CFLAGS -I"$kapi/2026" -c "$out/words-2026.c" -o "$out/words-$t.o"
	# The facts landed where the header keeps them.
	cat >"$out/words-main.c" <<'EOF'
#include <string.h>
int main(void)
{
	const struct kernel_api_spec *k = &__kapi_spec_sys_words;
	return !(k->api_type == KAPI_API_FUNCTION &&
		 k->locks[0].scope == KAPI_LOCK_CALLER_HELD &&
		 k->locks[1].scope == KAPI_LOCK_ACQUIRES &&
		 strcmp(k->constraints[0].expression,
			"MCL_FUTURE => mm->def_flags |= VM_LOCKED") == 0 &&
		 k->params[0].constraint_type == KAPI_CONSTRAINT_USER_PATH &&
		 k->return_spec.check_type == KAPI_RETURN_NO_RETURN &&
		 strcmp(k->signals[0].timing, "before") == 0 &&
		 strlen(k->locks[1].description) > 512 &&
#ifdef CONFIG_X86_64
		 k->params[2].valid_mask == 0x7
#else
		 k->params[2].valid_mask == 0x3
#endif
		 );
}
EOF
	cat "$out/words-2026.c" "$out/words-main.c" >"$out/words-prog.c"
	check "$cc: the 2026 struct holds the scope, api type, free-text expression, long string" \
		sh -c "$cc $KAPI_CFLAGS -I'$kapi/2026' '$out/words-prog.c' -o '$out/words-prog-$t' && '$out/words-prog-$t'"
	check "$cc: an arch-mask is the mask where the kernel is built for its architecture" \
		sh -c "$cc $KAPI_CFLAGS -DCONFIG_X86_64 -I'$kapi/2026' '$out/words-prog.c' -o '$out/words-x86-$t' && '$out/words-x86-$t'"
	# The other way round fails: 2025's header has none of them.
	if $cc $KAPI_CFLAGS -I"$kapi" -c "$out/words-2026.c" -o "$out/words-25-$t.o" >"$out/words-25-$t.log" 2>&1; then
		not_ok "$cc: the 2025 header refuses the 2026 block"
	else
		check "$cc: the 2025 header refuses the 2026 block, at its 2026 words" \
			grep -q 'KAPI_CONSTRAINT_USER_PATH\|KAPI_RETURN_NO_RETURN\|KAPI_EFFECT_IRREVERSIBLE' "$out/words-25-$t.log"
	fi
done

finish
