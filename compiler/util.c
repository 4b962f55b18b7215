#include <stdlib.h>
#include <string.h>
#include "util.h"

uint64_t util_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	/* Only the second byte has a narrowed range; the rest are plain
	 * continuation bytes. */
	if (s[1] < lo || s[1] > hi)
		return 0;
	v = (v << 6) | (s[1] & 0x3f);
	for (size_t i = 2; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

size_t util_room(size_t count)
{
	size_t room = 4;

	while (room < count)
		room *= 2;
	return room;
}

void *util_grow(const void *ctx, void *array, size_t count, size_t size)
{
	if (count & (count - 1))
		return array;   /* the room is a power of two, and above COUNT */
	if ((count + 1) * size <= talloc_get_size(array))
		return array;   /* room left, or a refill from 0 */
	array = talloc_realloc_size(ctx, array, (count ? 2 * count : 4) * size);
	if (!array)
		abort();
	return array;
}

void nameset_init(struct nameset *ns, TALLOC_CTX *ctx, size_t count)
{
	size_t cap = 16;

	while (cap < 2 * count + 1)
		cap *= 2;
	ns->slots = talloc_zero_array(ctx, struct nameset_slot, cap);
	if (!ns->slots)
		abort();
	ns->mask = cap - 1;
	ns->count = 0;
	ns->ctx = ctx;
}

static struct nameset_slot *nameset_slot(const struct nameset *ns,
					 const char *key, uint64_t hash)
{
	/* FNV's low bits vary little between names that differ only in
	 * their last characters (BIG_0000001, BIG_0000002): fold the high
	 * bits in. */
	size_t i = (hash ^ hash >> 31) & ns->mask;

	while (ns->slots[i].key && strcmp(ns->slots[i].key, key) != 0)
		i = (i + 1) & ns->mask;
	return &ns->slots[i];
}

/* Half full at most, so that a probe ends soon. */
static void nameset_grow(struct nameset *ns)
{
	struct nameset_slot *old = ns->slots;
	size_t n = ns->mask + 1, count = ns->count;

	nameset_init(ns, ns->ctx, n / 2);
	for (size_t i = 0; i < n; i++)
		if (old[i].key)
			*nameset_slot(ns, old[i].key,
				      util_hash(old[i].key, strlen(old[i].key))) = old[i];
	ns->count = count;
	talloc_free(old);
}

const void *nameset_add(struct nameset *ns, const char *key, const void *val)
{
	uint64_t hash = util_hash(key, strlen(key));
	struct nameset_slot *slot = nameset_slot(ns, key, hash);

	if (slot->key)
		return slot->val;
	*slot = (struct nameset_slot){ key, val };
	if (2 * ++ns->count > ns->mask)
		nameset_grow(ns);
	return NULL;
}

const void *nameset_get(const struct nameset *ns, const char *key)
{
	return nameset_slot(ns, key, util_hash(key, strlen(key)))->val;
}
