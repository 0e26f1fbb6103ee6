/*
 * fuzz_time: timestamps through lib/timeparse.  An accepted time must lie
 * in [TIME_MIN, TIME_MAX], and time_format's text must parse back to the
 * same value; abort() otherwise.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/timeparse.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[21];
	int64_t t, back;

	if (time_parse((const char *)data, size, &t) < 0)
		return 0;
	if (t < TIME_MIN || t > TIME_MAX)
		abort();
	memset(out, 0, sizeof(out));
	time_format(t, out);
	if (out[20] != '\0' || strlen(out) != 20)
		abort();
	if (time_parse(out, 20, &back) < 0 || back != t)
		abort();
	return 0;
}
