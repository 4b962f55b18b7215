/*
 * Checks the members of vocabulary-block.c that kapi-dump does not print
 * (they have no counterpart in kapic's JSON), so that every macro of
 * kernel_api_spec.h is shown to land in the member it should.  Prints TAP.
 */
#include "kernel_api_spec.h"

#include <stdio.h>
#include <string.h>

#include "vocabulary-block.c"

static int failures, tests;

static void check(bool ok, const char *what)
{
	tests++;
	if (!ok)
		failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tests, what);
}

int main(void)
{
	const struct kernel_api_spec *k = &__kapi_spec_sys_kapi_vocabulary;
	const struct kapi_param_spec *buf = &k->params[0];
	const struct kapi_signal_spec *sig = &k->signals[0];
	const struct kapi_signal_mask_spec *mask = &k->signal_masks[0];
	const struct kapi_capability_spec *cap0 = &k->capabilities[0];
	const struct kapi_capability_spec *cap1 = &k->capabilities[1];
	const struct kapi_struct_spec *st = &k->struct_specs[0];
	int members = 0;

	check(k->version == 1, "DEFINE_KERNEL_API_SPEC sets version 1");
	check(strcmp(k->description, "Exercise every macro") == 0, "KAPI_DESCRIPTION");
	check(strstr(k->long_description, "literals and a \"quote\".") != NULL,
	      "KAPI_LONG_DESC joins adjacent literals");
	check(strcmp(k->examples, "kapi_vocabulary(buf, 64, 0, 0);") == 0, "KAPI_EXAMPLES");
	check(strncmp(k->notes, "Tabs\tand newlines\n", 18) == 0, "KAPI_NOTES");
	check(strcmp(k->replacement, "sys_kapi_vocabulary2") == 0, "KAPI_REPLACEMENT");

	check(buf->size == 64 && buf->alignment == 8 && buf->size_param_idx == 1 &&
	      buf->size_multiplier == 1, "KAPI_PARAM_SIZE and raw size members");
	check(strcmp(buf->description, "Output buffer") == 0 &&
	      strcmp(buf->constraint, "At least len bytes, 8-byte aligned") == 0,
	      "KAPI_PARAM description and KAPI_PARAM_CONSTRAINT");
	check(k->params[1].size_param_idx == -1,
	      "KAPI_PARAM presets size_param_idx to -1 (none)");
	check(!k->side_effects[0].reversible && k->side_effects[1].reversible,
	      "KAPI_SIDE_EFFECT presets reversible false; KAPI_EFFECT_REVERSIBLE overrides it");
	check(k->params[2].enum_count == 3 && k->params[2].enum_values[2] == 2,
	      "KAPI_PARAM_ENUM_VALUES counts the array");

	check(k->return_spec.error_count == 3 &&
	      k->return_spec.error_values[2] == -EINTR,
	      "KAPI_RETURN_ERROR_VALUES / _ERROR_COUNT");
	check(strcmp(k->return_spec.description, "Bytes written") == 0, "KAPI_RETURN description");

	check(strcmp(k->errors[1].condition, "No privilege") == 0 &&
	      strcmp(k->errors[1].description, "Caller lacks CAP_SYS_ADMIN.") == 0,
	      "KAPI_ERROR condition and description");

	check(sig->signal_num == SIGINT, "KAPI_SIGNAL number");
	check(strcmp(sig->target, "Calling thread") == 0 &&
	      strcmp(sig->condition, "Sleeping in the wait") == 0 &&
	      strcmp(sig->description, "Interrupts the wait") == 0,
	      "KAPI_SIGNAL_TARGET / _CONDITION / _DESC");
	check(sig->sa_flags_required == SA_RESTART &&
	      sig->sa_flags_forbidden == SA_RESETHAND, "KAPI_SIGNAL_SA_FLAGS_*");
	check(sig->error_on_signal == -EINTR && sig->transform_to == SIGTERM,
	      "KAPI_SIGNAL_ERROR / _TRANSFORM");
	check(strcmp(sig->timing, KAPI_SIGNAL_TIME_DURING) == 0 && sig->priority == 2 &&
	      sig->interruptible, "KAPI_SIGNAL_TIMING / _PRIORITY / _INTERRUPTIBLE");
	check(strcmp(sig->queue_behavior, "coalesce") == 0, "KAPI_SIGNAL_QUEUE");
	check(sig->state_required == KAPI_SIGNAL_STATE_SLEEPING &&
	      sig->state_forbidden == (KAPI_SIGNAL_STATE_ZOMBIE | KAPI_SIGNAL_STATE_DEAD),
	      "KAPI_SIGNAL_STATE_REQ / _FORBID");

	for (int s = 0; s < KAPI_MAX_SIGNALS; s++)
		members += mask->signals[s] != 0;
	check(mask->signals[0] == SIGINT && mask->signals[1] == SIGTERM &&
	      mask->signals[2] == SIGUSR1 && members == 3 && mask->signal_count == 3,
	      "a signal mask's signals and count, as raw initializers");
	check(strcmp(mask->description, "Blocked during the copy") == 0, "KAPI_SIGNAL_MASK description");

	check(strcmp(k->locks[0].description, "Held by the caller throughout") == 0,
	      "KAPI_LOCK_DESC");
	check(strcmp(k->constraints[0].description, "len covers the buffer") == 0 &&
	      strcmp(k->constraints[0].expression, "len >= 64") == 0,
	      "KAPI_CONSTRAINT / _EXPR");
	check(strcmp(k->side_effects[1].condition, "mode == 2") == 0 &&
	      strcmp(k->side_effects[1].description, "Marks the task") == 0,
	      "KAPI_EFFECT_CONDITION and side-effect description");
	check(strcmp(k->state_transitions[0].condition, "mode != 0") == 0 &&
	      strcmp(k->state_transitions[0].description, "Starts work") == 0,
	      "KAPI_STATE_TRANS_COND and description");

	check(cap0->capability == CAP_SYS_ADMIN &&
	      strcmp(cap0->allows, "Use mode 2") == 0 &&
	      strcmp(cap0->without_cap, "Mode 2 fails with EPERM") == 0 &&
	      strcmp(cap0->check_condition, "mode == 2") == 0,
	      "KAPI_CAP_ALLOWS / _WITHOUT / _CONDITION");
	check(cap0->alternative_count == 2 &&
	      cap0->alternative[0] == CAP_SYS_RESOURCE &&
	      cap0->alternative[1] == CAP_IPC_LOCK,
	      "capability alternatives as raw initializers");
	check(cap1->alternative_count == 1 && cap1->alternative[0] == CAP_SYS_ADMIN,
	      "KAPI_CAP_ALTERNATIVE with a braced single capability");

	check(strcmp(st->name, "vocab_args") == 0 &&
	      strcmp(st->description, "Argument block") == 0,
	      "KAPI_STRUCT_SPEC stringifies the struct name");
	check(st->fields[0].offset == 0 && st->fields[0].size == 4 &&
	      st->fields[0].flags == KAPI_PARAM_IN,
	      "KAPI_FIELD_OFFSET / _SIZE / _FLAGS");
	check(st->fields[0].constraint_type == KAPI_CONSTRAINT_ENUM &&
	      st->fields[0].enum_count == 3, "KAPI_FIELD_CONSTRAINT_ENUM");
	check(st->fields[1].constraint_type == KAPI_CONSTRAINT_RANGE &&
	      st->fields[1].min_value == 0 && st->fields[1].max_value == 0,
	      "KAPI_FIELD_CONSTRAINT_RANGE");
	check(st->fields[2].constraint_type == KAPI_CONSTRAINT_MASK &&
	      st->fields[2].valid_mask == 0xff, "KAPI_FIELD_CONSTRAINT_MASK");
	check(strcmp(st->fields[2].description, "Flag bits") == 0, "KAPI_STRUCT_FIELD description");

	printf("1..%d\n", tests);
	return failures != 0;
}
