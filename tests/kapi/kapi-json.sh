#!/bin/sh
# --emit=kapi-json: the JSON the kernel's tools/kapi prints for one API.
# mlock2's equals the golden tests/kapi/mlock2.kapi.json; every output is
# valid JSON with no null (an absent fact is left out); enumerations are
# the kernel's numbers for the selected generation (2026 renumbered the
# constraint kinds), context_flags a list of names; hostile strings stay
# strings.
#
# Environment: srcdir, builddir, KAPIC, JQ.

t_name=kapi-json
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=kapic}" "${JQ:=jq}"

if ! have "$JQ"; then
	skip "kapi-json" "$JQ not found"
	finish
	exit
fi
golden=$srcdir/tests/kapi/mlock2.kapi.json
check "mlock2: --emit=kapi-json" "$KAPIC" --emit=kapi-json -d "$out/m" "$srcdir/specs/mlock2.kapi"
same "mlock2.kapi.json equals the golden file" "$golden" "$out/m/mlock2.kapi.json"
same "out/mlock2.kapi.json is the golden file too" "$golden" "$srcdir/out/mlock2.kapi.json"

j=$out/m/mlock2.kapi.json
q() { "$JQ" -r "$1" "$j"; }
# Beside api_details only the licence key every kapic JSON output starts with.
check "valid JSON, one api_details object, no null anywhere" \
	sh -c "test \"\$('$JQ' -r 'keys_unsorted | join(\",\")' '$j')\" = SPDX-License-Identifier,api_details &&
		test \"\$('$JQ' '[.. | select(. == null)] | length' '$j')\" -eq 0"
check "context_flags is a list of names" \
	test "$(q '.api_details.context_flags | join(",")')" = "KAPI_CTX_PROCESS,KAPI_CTX_SLEEPABLE"
check "enumerations are numbers: flags in, type uint, mask constraint, rwlock, error_check" \
	test "$(q '[.api_details.parameters[2].flags, .api_details.parameters[0].param_type,
		.api_details.parameters[2].constraint_type, .api_details.locks[0].lock_type,
		.api_details.return_spec.check_type] | map(tostring) | join(",")')" = "1,2,2,3,2"
check "errors carry the negative errno, signals and capabilities their numbers" \
	test "$(q '[.api_details.errors[0].error_code, .api_details.signals[1].signal_num,
		.api_details.capabilities[0].capability] | map(tostring) | join(",")')" = "-22,7,14"
check "a range or mask only where the constraint kind uses it; no success value under error_check" \
	test "$(q '[.api_details.parameters[] | has("min_value"), has("valid_mask")] + [.api_details.return_spec | has("success_value")]
		| map(tostring) | join(",")')" = "false,false,false,false,false,true,false"

# The kernel's numbering per generation: 2026 put its kinds before CUSTOM
# (custom is 4 under 2025 and 12 under 2026), and INOUT is IN | OUT.
cat >"$out/n.kapi" <<'KAPI'
syscall numbers {
	summary "Numbers";
	param a: int { summary "A"; flags inout; type int; check custom; }
	param p: const char * { summary "P"; flags in, user; type path; check user_path; }
	effect "task" { kind process_state, irreversible; description "Gone"; }
	lock l: mutex { scope caller_held; }
	signal SIGKILL { direction receive, handle; action terminate; error EINTR; transform SIGTERM; }
	capability CAP_SYS_ADMIN { action grant_permission; alternatives CAP_IPC_LOCK, CAP_SYS_RESOURCE; }
}
KAPI
sed '/param p:/d; /effect "task"/d; /lock l:/d' "$out/n.kapi" >"$out/n25.kapi"
check "--kapi=2026 numbers" "$KAPIC" --kapi=2026 -w --emit=kapi-json -d "$out/26" "$out/n.kapi"
check "--kapi=2025 numbers" "$KAPIC" -w --emit=kapi-json -d "$out/25" "$out/n25.kapi"
j=$out/26/numbers.kapi.json
check "2026: custom 12, user_path 9, inout 3, irreversible bit 14, caller_held 3" \
	test "$(q '[.api_details.parameters[0].constraint_type, .api_details.parameters[1].constraint_type,
		.api_details.parameters[0].flags, .api_details.side_effects[0].effect_type,
		.api_details.locks[0].scope] | map(tostring) | join(",")')" = "12,9,3,24576,3"
check "2026: signal direction bits, error_on_signal, transform_to, alternatives" \
	test "$(q '[.api_details.signals[0].direction, .api_details.signals[0].error_on_signal,
		.api_details.signals[0].transform_to] + .api_details.capabilities[0].alternatives
		| map(tostring) | join(",")')" = "5,-4,15,14,24"
j=$out/25/numbers.kapi.json
check "2025: custom 4" test "$(q '.api_details.parameters[0].constraint_type')" = 4

for h in validators man; do
	mkdir -p "$out/h-$h"
	"$KAPIC" -w --emit=kapi-json -d "$out/h-$h" "$srcdir/tests/$h/hostile.kapi"
	for f in "$out/h-$h"/*.kapi.json; do
		check "$h/$(basename "$f"): valid JSON, no null, strings intact" \
			sh -c "'$JQ' -e '[.. | select(. == null)] | length == 0' '$f' >/dev/null"
	done
done

finish
