/*
 * fuzz_csv: CSV rows through lib/input and lib/csvr.
 *
 * The input is written to a memfd (a temporary file where memfd_create is
 * missing) and read back twice through in_open: once with a large row limit,
 * once with a small one and the first line handed back with csvr_unread, as
 * format detection does.  Reading goes on after errors, up to a bound.
 * Checks: row line numbers never go backwards, fields fit inside the raw
 * bytes of their row, and a row never has zero fields.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/csvr.h"
#include "lib/input.h"

#define MAX_CALLS	100000

static int
make_file(const uint8_t *data, size_t size, char *path, size_t pathlen)
{
	size_t off = 0;
	ssize_t w;
	int fd;

	fd = memfd_create("fuzz_csv", MFD_CLOEXEC);
	if (fd >= 0) {
		snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	} else {
		snprintf(path, pathlen, "/tmp/fuzz_csv.XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			return -1;
		unlink(path);
		snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	}
	while (off < size) {
		if ((w = write(fd, data + off, size - off)) <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	return fd;
}

static void
read_all(const char *path, size_t max, int unread)
{
	struct input *in;
	struct csvr *r;
	struct buf line;
	const struct csv_field *f;
	size_t i, sum;
	long last = 0;
	int calls, rc;

	if ((in = in_open(path)) == NULL)
		return;
	if ((r = csvr_new(in, max)) == NULL) {
		in_close(in);
		return;
	}
	if (unread) {
		buf_init(&line, max);
		if (in_getline(in, &line) == 1)
			csvr_unread(r, line.data, line.len, in_lineno(in));
		buf_free(&line);
	}
	for (calls = 0; calls < MAX_CALLS; calls++) {
		rc = csvr_next(r);
		if (rc == 0 || rc == CSVR_EIO || rc == CSVR_ENOMEM)
			break;
		if (csvr_line(r) < last)
			abort();
		last = csvr_line(r);
		if (rc < 0)
			continue;
		f = csvr_fields(r);
		if (csvr_nfields(r) == 0)
			abort();
		for (i = 0, sum = 0; i < csvr_nfields(r); i++)
			sum += f[i].len;
		if (sum > csvr_raw(r)->len)
			abort();
	}
	csvr_free(r);
	in_close(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd;

	if ((fd = make_file(data, size, path, sizeof(path))) < 0)
		return 0;
	read_all(path, 1 << 20, 0);
	read_all(path, 64, 1);
	close(fd);
	return 0;
}
