/*
 * The fuzz harness without libFuzzer: runs tests/fuzz/fuzz-kapic.c over
 * every file named, one TAP point each, so that `make check` (and its ASan
 * build) replays the committed corpus: the bounded run of every CI job.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	printf("TAP version 13\n1..%d\n", argc - 1);
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		char *buf = NULL;
		size_t len = 0, cap = 0, n;

		if (!f) {
			printf("not ok %d - %s: cannot open\n", i, argv[i]);
			continue;
		}
		do {
			if (len == cap && !(buf = realloc(buf, cap = cap * 2 + 65536)))
				abort();
			len += n = fread(buf + len, 1, cap - len, f);
		} while (n > 0);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		free(buf);
		printf("ok %d - %s\n", i, argv[i]);
	}
	return 0;
}
