/*
 * kapi-dump - print one compiled KAPI spec as canonical, line-oriented text.
 *
 * The program is built together with the block it prints, so that what is
 * printed is what a C compiler made of the macros, not what some other
 * parser thinks they say:
 *
 *   cc -std=gnu11 -Itests/kapi -DKAPI_BLOCK='"path/to/block.c"' \
 *      -DKAPI_SPEC_VAR=__kapi_spec_sys_mlock2 tests/tools/kapi-dump.c
 *
 * `kapi-dump` prints the spec; `kapi-dump --tables` prints the enum tables
 * (`table FAMILY NAME VALUE` lines) so tests can check that
 * tests/tools/json-to-dump.jq uses the same values as kernel_api_spec.h.
 *
 * Output format.  tests/tools/json-to-dump.jq produces the same lines from
 * kapic's JSON, so only facts present in both are printed: names, counts,
 * indices, numbers, and enum values by macro name.  Descriptions are left
 * out on purpose.  One record per line, fields separated by one space:
 *
 *   name NAME
 *   context FLAGS
 *   param_count N
 *   param I NAME ctype=S type=E flags=FLAGS constraint_type=E min=D max=D valid_mask=U
 *   return ctype=S type=E check_type=E success=D success_min=D success_max=D
 *   error_count N
 *   error I CODE NAME
 *   signal_count N
 *   signal I NAME direction=FLAGS action=E restartable=B
 *   signal_mask_count N
 *   signal_mask I NAME nsig=N
 *   lock_count N
 *   lock I NAME type=E acquired=B released=B held_entry=B held_exit=B
 *                                                     (2025; 2026: scope=E)
 *   constraint_count N
 *   constraint I NAME
 *   side_effect_count N
 *   side_effect I type=FLAGS target=S reversible=B
 *   state_trans_count N
 *   state_trans I object=S from=S to=S
 *   capability_count N
 *   capability I NAME action=E priority=D
 *   struct_spec_count N
 *   struct_spec I NAME size=U align=U field_count=N
 *   struct_field I J NAME type=E ctype=S
 *   since S                                           (2025 only)
 *   deprecated B                                      (2025 only)
 *
 * Built against either stand-in header (-Itests/kapi or -Itests/kapi/2026),
 * whose KAPI_STANDIN_GENERATION says which; json-to-dump.jq follows
 * KAPI_GENERATION in the environment.
 *
 * Per-entry lines follow their count line, one per index below the count
 * (the hand-written count is what the kernel would iterate over, so it is
 * what gets printed; it is capped at the array size).
 *
 *   NAME, S  a string, bare if it is non-empty and made only of
 *            [A-Za-z0-9_.+-], otherwise quoted and escaped exactly as JSON
 *            (and jq's tojson) does: \" \\ \b \f \n \r \t, other control
 *            bytes and DEL as \u00xx, everything else as the raw byte.
 *   E        an enum value: its macro name, or the decimal value if no name
 *            has that value.
 *   FLAGS    a bit set: the names of the set bits in ascending bit order
 *            joined by '|', unknown bits as one trailing 0x hex number; a
 *            zero value is the family's zero-valued name if it has one
 *            (KAPI_EFFECT_NONE), else 0.
 *   D, U     signed / unsigned decimal; B is 0 or 1; CODE a negative errno.
 */
#include "kernel_api_spec.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#ifndef KAPI_BLOCK
#error "define KAPI_BLOCK as the quoted path of the block, e.g. -DKAPI_BLOCK='\"b.c\"'"
#endif
#ifndef KAPI_SPEC_VAR
#error "define KAPI_SPEC_VAR as the spec's variable, e.g. __kapi_spec_sys_mlock2"
#endif

#include KAPI_BLOCK

struct name_value {
	const char *name;
	uint64_t value;
};

/* Stringifying the enumerator keeps each printed name tied to its value. */
#define NV(x) { #x, (uint64_t)(x) }

struct family {
	const char *name;
	bool bits;
	const struct name_value *members;
	size_t count;
};

static const struct name_value types[] = {
	NV(KAPI_TYPE_VOID), NV(KAPI_TYPE_INT), NV(KAPI_TYPE_UINT),
	NV(KAPI_TYPE_PTR), NV(KAPI_TYPE_STRUCT), NV(KAPI_TYPE_UNION),
	NV(KAPI_TYPE_ENUM), NV(KAPI_TYPE_FUNC_PTR), NV(KAPI_TYPE_ARRAY),
	NV(KAPI_TYPE_FD), NV(KAPI_TYPE_USER_PTR), NV(KAPI_TYPE_PATH),
	NV(KAPI_TYPE_CUSTOM),
};

static const struct name_value param_flags[] = {
	NV(KAPI_PARAM_IN), NV(KAPI_PARAM_OUT), NV(KAPI_PARAM_INOUT),
	NV(KAPI_PARAM_OPTIONAL), NV(KAPI_PARAM_CONST), NV(KAPI_PARAM_VOLATILE),
	NV(KAPI_PARAM_USER), NV(KAPI_PARAM_DMA), NV(KAPI_PARAM_ALIGNED),
};

static const struct name_value contexts[] = {
	NV(KAPI_CTX_PROCESS), NV(KAPI_CTX_SOFTIRQ), NV(KAPI_CTX_HARDIRQ),
	NV(KAPI_CTX_NMI), NV(KAPI_CTX_ATOMIC), NV(KAPI_CTX_SLEEPABLE),
	NV(KAPI_CTX_PREEMPT_DISABLED), NV(KAPI_CTX_IRQ_DISABLED),
};

static const struct name_value locks[] = {
	NV(KAPI_LOCK_NONE), NV(KAPI_LOCK_MUTEX), NV(KAPI_LOCK_SPINLOCK),
	NV(KAPI_LOCK_RWLOCK), NV(KAPI_LOCK_SEQLOCK), NV(KAPI_LOCK_RCU),
	NV(KAPI_LOCK_SEMAPHORE), NV(KAPI_LOCK_CUSTOM),
};

static const struct name_value constraints[] = {
	NV(KAPI_CONSTRAINT_NONE), NV(KAPI_CONSTRAINT_RANGE),
	NV(KAPI_CONSTRAINT_MASK), NV(KAPI_CONSTRAINT_ENUM),
	NV(KAPI_CONSTRAINT_CUSTOM),
#if KAPI_STANDIN_GENERATION == 2026
	NV(KAPI_CONSTRAINT_ALIGNMENT),
	NV(KAPI_CONSTRAINT_POWER_OF_TWO), NV(KAPI_CONSTRAINT_PAGE_ALIGNED),
	NV(KAPI_CONSTRAINT_NONZERO), NV(KAPI_CONSTRAINT_USER_STRING),
	NV(KAPI_CONSTRAINT_USER_PATH), NV(KAPI_CONSTRAINT_USER_PTR),
	NV(KAPI_CONSTRAINT_BUFFER),
#endif
};

static const struct name_value return_checks[] = {
	NV(KAPI_RETURN_EXACT), NV(KAPI_RETURN_RANGE),
	NV(KAPI_RETURN_ERROR_CHECK), NV(KAPI_RETURN_FD),
	NV(KAPI_RETURN_CUSTOM),
#if KAPI_STANDIN_GENERATION == 2026
	NV(KAPI_RETURN_NO_RETURN),
#endif
};

static const struct name_value signal_dirs[] = {
	NV(KAPI_SIGNAL_RECEIVE), NV(KAPI_SIGNAL_SEND), NV(KAPI_SIGNAL_HANDLE),
	NV(KAPI_SIGNAL_BLOCK), NV(KAPI_SIGNAL_IGNORE),
};

static const struct name_value signal_actions[] = {
	NV(KAPI_SIGNAL_ACTION_DEFAULT), NV(KAPI_SIGNAL_ACTION_TERMINATE),
	NV(KAPI_SIGNAL_ACTION_COREDUMP), NV(KAPI_SIGNAL_ACTION_STOP),
	NV(KAPI_SIGNAL_ACTION_CONTINUE), NV(KAPI_SIGNAL_ACTION_CUSTOM),
	NV(KAPI_SIGNAL_ACTION_RETURN), NV(KAPI_SIGNAL_ACTION_RESTART),
	NV(KAPI_SIGNAL_ACTION_QUEUE), NV(KAPI_SIGNAL_ACTION_DISCARD),
	NV(KAPI_SIGNAL_ACTION_TRANSFORM),
};

static const struct name_value effects[] = {
	NV(KAPI_EFFECT_NONE), NV(KAPI_EFFECT_ALLOC_MEMORY),
	NV(KAPI_EFFECT_FREE_MEMORY), NV(KAPI_EFFECT_MODIFY_STATE),
	NV(KAPI_EFFECT_SIGNAL_SEND), NV(KAPI_EFFECT_FILE_POSITION),
	NV(KAPI_EFFECT_LOCK_ACQUIRE), NV(KAPI_EFFECT_LOCK_RELEASE),
	NV(KAPI_EFFECT_RESOURCE_CREATE), NV(KAPI_EFFECT_RESOURCE_DESTROY),
	NV(KAPI_EFFECT_SCHEDULE), NV(KAPI_EFFECT_HARDWARE),
	NV(KAPI_EFFECT_NETWORK), NV(KAPI_EFFECT_FILESYSTEM),
	NV(KAPI_EFFECT_PROCESS_STATE),
#if KAPI_STANDIN_GENERATION == 2026
	NV(KAPI_EFFECT_IRREVERSIBLE),
#endif
};

static const struct name_value cap_actions[] = {
	NV(KAPI_CAP_BYPASS_CHECK), NV(KAPI_CAP_INCREASE_LIMIT),
	NV(KAPI_CAP_OVERRIDE_RESTRICTION), NV(KAPI_CAP_GRANT_PERMISSION),
	NV(KAPI_CAP_MODIFY_BEHAVIOR), NV(KAPI_CAP_ACCESS_RESOURCE),
	NV(KAPI_CAP_PERFORM_OPERATION),
};

static const struct name_value signal_states[] = {
	NV(KAPI_SIGNAL_STATE_RUNNING), NV(KAPI_SIGNAL_STATE_SLEEPING),
	NV(KAPI_SIGNAL_STATE_STOPPED), NV(KAPI_SIGNAL_STATE_TRACED),
	NV(KAPI_SIGNAL_STATE_ZOMBIE), NV(KAPI_SIGNAL_STATE_DEAD),
};

#if KAPI_STANDIN_GENERATION == 2026
static const struct name_value lock_scopes[] = {
	NV(KAPI_LOCK_INTERNAL), NV(KAPI_LOCK_ACQUIRES), NV(KAPI_LOCK_RELEASES),
	NV(KAPI_LOCK_CALLER_HELD),
};
#endif

#define FAMILY(n, bits, arr) { n, bits, arr, sizeof(arr) / sizeof((arr)[0]) }

enum family_id {
	FAM_TYPE, FAM_PARAM_FLAGS, FAM_CONTEXT, FAM_LOCK, FAM_CONSTRAINT,
	FAM_RETURN_CHECK, FAM_SIGNAL_DIRECTION, FAM_SIGNAL_ACTION, FAM_EFFECT,
	FAM_CAP_ACTION, FAM_SIGNAL_STATE,
#if KAPI_STANDIN_GENERATION == 2026
	FAM_LOCK_SCOPE,
#endif
};

/* Family names are the jq program's table keys. */
static const struct family families[] = {
	[FAM_TYPE] = FAMILY("type", false, types),
	[FAM_PARAM_FLAGS] = FAMILY("param_flags", true, param_flags),
	[FAM_CONTEXT] = FAMILY("context", true, contexts),
	[FAM_LOCK] = FAMILY("lock", false, locks),
	[FAM_CONSTRAINT] = FAMILY("constraint", false, constraints),
	[FAM_RETURN_CHECK] = FAMILY("return_check", false, return_checks),
	[FAM_SIGNAL_DIRECTION] = FAMILY("signal_direction", true, signal_dirs),
	[FAM_SIGNAL_ACTION] = FAMILY("signal_action", false, signal_actions),
	[FAM_EFFECT] = FAMILY("effect", true, effects),
	[FAM_CAP_ACTION] = FAMILY("cap_action", false, cap_actions),
	[FAM_SIGNAL_STATE] = FAMILY("signal_state", true, signal_states),
#if KAPI_STANDIN_GENERATION == 2026
	[FAM_LOCK_SCOPE] = FAMILY("lock_scope", false, lock_scopes),
#endif
};

static void put_enum(enum family_id id, uint64_t v)
{
	const struct family *f = &families[id];

	for (size_t i = 0; i < f->count; i++) {
		if (f->members[i].value == v) {
			fputs(f->members[i].name, stdout);
			return;
		}
	}
	printf("%" PRIu64, v);
}

static void put_flags(enum family_id id, uint64_t v)
{
	const struct family *f = &families[id];
	uint64_t rest = v;
	bool first = true;

	if (v == 0) {
		put_enum(id, 0);
		return;
	}
	/* The tables list bits in ascending order, which fixes the order. */
	for (size_t i = 0; i < f->count; i++) {
		uint64_t bit = f->members[i].value;

		if (bit == 0 || (v & bit) != bit)
			continue;
		printf("%s%s", first ? "" : "|", f->members[i].name);
		first = false;
		rest &= ~bit;
	}
	if (rest)
		printf("%s0x%" PRIx64, first ? "" : "|", rest);
}

static bool is_bare(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && !strchr("_.+-", c))
			return false;
	}
	return true;
}

/* Arrays in the spec are fixed-size and may be filled to the last byte
 * without a terminator (C allows that initializer), hence the bound. */
static void put_str(const char *s, size_t cap)
{
	char buf[8192 + 1];
	size_t n = strnlen(s, cap);

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (is_bare(buf)) {
		fputs(buf, stdout);
		return;
	}
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		switch (c) {
		case '"':  fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		case '\b': fputs("\\b", stdout); break;
		case '\f': fputs("\\f", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		default:
			if (c < 0x20 || c == 0x7f)
				printf("\\u%04x", c);
			else
				putchar(c);
		}
	}
	putchar('"');
}

#if KAPI_STANDIN_GENERATION == 2026
/* 2026's strings are pointers, NULL when the block gives none. */
#define STR(field) put_str((field) ? (field) : "", (size_t)-1)
#else
#define STR(field) put_str((field), sizeof(field))
#endif

static uint32_t capped(uint32_t count, size_t max)
{
	return count > max ? (uint32_t)max : count;
}

/* Print a count line; return how many entries may be read. */
static uint32_t count_line(const char *label, uint32_t count, size_t max)
{
	printf("%s %" PRIu32 "\n", label, count);
	return capped(count, max);
}

#define COUNT(label, spec, field, arr)					\
	count_line(label, (spec)->field,				\
		   sizeof((spec)->arr) / sizeof((spec)->arr[0]))

static void dump(const struct kernel_api_spec *k)
{
	uint32_t n;

	fputs("name ", stdout);
	STR(k->name);
	fputs("\ncontext ", stdout);
	put_flags(FAM_CONTEXT, k->context_flags);
	putchar('\n');

	n = COUNT("param_count", k, param_count, params);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_param_spec *p = &k->params[i];

		printf("param %" PRIu32 " ", i);
		STR(p->name);
		fputs(" ctype=", stdout);
		STR(p->type_name);
		fputs(" type=", stdout);
		put_enum(FAM_TYPE, p->type);
		fputs(" flags=", stdout);
		put_flags(FAM_PARAM_FLAGS, p->flags);
		fputs(" constraint_type=", stdout);
		put_enum(FAM_CONSTRAINT, p->constraint_type);
		printf(" min=%" PRId64 " max=%" PRId64 " valid_mask=%" PRIu64 "\n",
		       p->min_value, p->max_value, p->valid_mask);
	}

	fputs("return ctype=", stdout);
	STR(k->return_spec.type_name);
	fputs(" type=", stdout);
	put_enum(FAM_TYPE, k->return_spec.type);
	fputs(" check_type=", stdout);
	put_enum(FAM_RETURN_CHECK, k->return_spec.check_type);
	printf(" success=%" PRId64 " success_min=%" PRId64
	       " success_max=%" PRId64 "\n", k->return_spec.success_value,
	       k->return_spec.success_min, k->return_spec.success_max);

	n = COUNT("error_count", k, error_count, errors);
	for (uint32_t i = 0; i < n; i++) {
		printf("error %" PRIu32 " %d ", i, k->errors[i].error_code);
		STR(k->errors[i].name);
		putchar('\n');
	}

	n = COUNT("signal_count", k, signal_count, signals);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_signal_spec *s = &k->signals[i];

		printf("signal %" PRIu32 " ", i);
		STR(s->signal_name);
		fputs(" direction=", stdout);
		put_flags(FAM_SIGNAL_DIRECTION, s->direction);
		fputs(" action=", stdout);
		put_enum(FAM_SIGNAL_ACTION, s->action);
		printf(" restartable=%d\n", s->restartable);
	}

	n = COUNT("signal_mask_count", k, signal_mask_count, signal_masks);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_signal_mask_spec *m = &k->signal_masks[i];

		printf("signal_mask %" PRIu32 " ", i);
		STR(m->mask_name);
		printf(" nsig=%" PRIu32 "\n", m->signal_count);
	}

	n = COUNT("lock_count", k, lock_count, locks);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_lock_spec *l = &k->locks[i];

		printf("lock %" PRIu32 " ", i);
		STR(l->lock_name);
		fputs(" type=", stdout);
		put_enum(FAM_LOCK, l->lock_type);
#if KAPI_STANDIN_GENERATION == 2026
		fputs(" scope=", stdout);
		put_enum(FAM_LOCK_SCOPE, l->scope);
		putchar('\n');
#else
		printf(" acquired=%d released=%d held_entry=%d held_exit=%d\n",
		       l->acquired, l->released, l->held_on_entry,
		       l->held_on_exit);
#endif
	}

	n = COUNT("constraint_count", k, constraint_count, constraints);
	for (uint32_t i = 0; i < n; i++) {
		printf("constraint %" PRIu32 " ", i);
		STR(k->constraints[i].name);
		putchar('\n');
	}

	n = COUNT("side_effect_count", k, side_effect_count, side_effects);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_side_effect *e = &k->side_effects[i];

		printf("side_effect %" PRIu32 " type=", i);
		put_flags(FAM_EFFECT, e->type);
		fputs(" target=", stdout);
		STR(e->target);
		printf(" reversible=%d\n", e->reversible);
	}

	n = COUNT("state_trans_count", k, state_trans_count, state_transitions);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_state_transition *t = &k->state_transitions[i];

		printf("state_trans %" PRIu32 " object=", i);
		STR(t->object);
		fputs(" from=", stdout);
		STR(t->from_state);
		fputs(" to=", stdout);
		STR(t->to_state);
		putchar('\n');
	}

	n = COUNT("capability_count", k, capability_count, capabilities);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_capability_spec *c = &k->capabilities[i];

		printf("capability %" PRIu32 " ", i);
		STR(c->cap_name);
		fputs(" action=", stdout);
		put_enum(FAM_CAP_ACTION, c->action);
		printf(" priority=%u\n", c->priority);
	}

	n = COUNT("struct_spec_count", k, struct_spec_count, struct_specs);
	for (uint32_t i = 0; i < n; i++) {
		const struct kapi_struct_spec *s = &k->struct_specs[i];
		uint32_t nf = capped(s->field_count, KAPI_MAX_STRUCT_FIELDS);

		printf("struct_spec %" PRIu32 " ", i);
		STR(s->name);
		printf(" size=%zu align=%zu field_count=%" PRIu32 "\n",
		       s->size, s->alignment, s->field_count);
		for (uint32_t j = 0; j < nf; j++) {
			printf("struct_field %" PRIu32 " %" PRIu32 " ", i, j);
			STR(s->fields[j].name);
			fputs(" type=", stdout);
			put_enum(FAM_TYPE, s->fields[j].type);
			fputs(" ctype=", stdout);
			STR(s->fields[j].type_name);
			putchar('\n');
		}
	}

#if KAPI_STANDIN_GENERATION != 2026
	fputs("since ", stdout);
	STR(k->since_version);
	printf("\ndeprecated %d\n", k->deprecated);
#endif
}

static void dump_tables(void)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		for (size_t j = 0; j < families[i].count; j++)
			printf("table %s %s %" PRIu64 "\n", families[i].name,
			       families[i].members[j].name,
			       families[i].members[j].value);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--tables") == 0)
		dump_tables();
	else if (argc == 1)
		dump(&KAPI_SPEC_VAR);
	else {
		fprintf(stderr, "usage: %s [--tables]\n", argv[0]);
		return 2;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("kapi-dump: stdout");
		return 1;
	}
	return 0;
}
