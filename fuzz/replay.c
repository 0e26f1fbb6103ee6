/*
 * replay: runs a fuzz harness over saved inputs with any compiler (after zstd
 * regression_driver.c and SQLite fuzzcheck.c).
 *
 *	fuzz_X-replay DIR|FILE ...
 *
 * Each file named, and each file in each directory named (sorted, dot files
 * skipped), is read and passed to LLVMFuzzerTestOneInput.  Operands that do
 * not exist are skipped.  Prints "replayed N inputs" on stderr; with
 * REPLAY_VERBOSE set, each file's name first.  A crash, abort or sanitizer
 * report in the harness names the input on stderr; the status is kept.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Present when a sanitizer runtime is linked in; its reports exit directly. */
void	__sanitizer_set_death_callback(void (*fn)(void)) __attribute__((weak));

static const char *current;
static unsigned long replayed;
static int verbose;

static void
name_input(void)
{
	static const char pre[] = "replay: crashed on ";

	if (current != NULL) {
		(void)!write(2, pre, sizeof(pre) - 1);
		(void)!write(2, current, strlen(current));
		(void)!write(2, "\n", 1);
	}
}

static void
on_crash(int sig)
{
	name_input();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads path whole into an allocation of exactly its size (for ASan). */
static int
replay_file(const char *path)
{
	uint8_t chunk[65536], *data = NULL, *p;
	size_t size = 0, n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		n = fread(chunk, 1, sizeof(chunk), fp);
		if ((p = realloc(data, size + n + 1)) == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(2);
		}
		data = p;
		memcpy(data + size, chunk, n);
		size += n;
	} while (n > 0);
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(fp);
		free(data);
		return -1;
	}
	fclose(fp);
	if (size > 0 && (p = realloc(data, size)) != NULL)
		data = p;
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
	current = path;
	LLVMFuzzerTestOneInput(data, size);
	current = NULL;
	free(data);
	replayed++;
	return 0;
}

static int
not_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int
replay_dir(const char *dir)
{
	struct dirent **names;
	char path[4096];
	struct stat st;
	int i, n, rc = 0;

	if ((n = scandir(dir, &names, not_dot, alphasort)) < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(path) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
	struct stat st;
	size_t i;
	int a, rc = 0;

	verbose = getenv("REPLAY_VERBOSE") != NULL;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_crash);
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(name_input);
	for (a = 1; a < argc; a++) {
		if (stat(argv[a], &st) < 0) {
			if (errno == ENOENT)
				continue;
			fprintf(stderr, "replay: %s: %s\n", argv[a],
			    strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[a]) < 0)
				rc = 1;
		} else if (replay_file(argv[a]) < 0) {
			rc = 1;
		}
	}
	fprintf(stderr, "replayed %lu inputs\n", replayed);
	return rc;
}
