#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "input.h"
#include "opt.h"
#include "timeparse.h"

#ifndef ET_VERSION
#define ET_VERSION "0.1.0"
#endif

int
parse_num(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || *s == '+' || !((*s >= '0' &&
	    *s <= '9') || *s == '-'))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v >= 0.001 && v <= 86400))
		return -1;
	*out = v;
	return 0;
}

int
parse_size(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v, mult = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'K': case 'k':
		mult = 1024;
		break;
	case 'M': case 'm':
		mult = 1024 * 1024;
		break;
	case 'G': case 'g':
		mult = 1024LL * 1024 * 1024;
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (v > LLONG_MAX / mult)
		return -1;
	v *= mult;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void
opt_common_init(struct common_opts *c)
{
	*c = (struct common_opts){ 0 };
	c->max_record = OPT_DEFAULT_MAX_RECORD;
	c->progress = -1;
}

int
opt_common(struct common_opts *c, int ch, const char *arg)
{
	long long v;
	int f;

	switch (ch) {
	case 'e':
		c->exit_status = 1;
		return 1;
	case 'h':
		c->help = 1;
		return 1;
	case 'k':
		c->keep_going = 1;
		return 1;
	case 'o':
		c->output = arg;
		return 1;
	case 'u':
		c->unbuffered = 1;
		return 1;
	case 'V':
		c->version = 1;
		return 1;
	case OPT_ERRORS:
		if ((f = diag_parse_format(arg)) < 0)
			diag_usage("invalid --errors value '%s' "
			    "(text, json or inline)", arg);
		diag_set_format((enum diag_format)f);
		return 1;
	case OPT_MAX_RECORD:
		if (parse_size(arg, 64, 1LL << 30, &v) < 0)
			diag_usage("invalid --max-record-size '%s' "
			    "(64 bytes to 1G)", arg);
		c->max_record = (size_t)v;
		return 1;
	case OPT_REJECTS:
		c->rejects = arg;
		return 1;
	case OPT_STATS:
		c->stats = 1;
		return 1;
	case OPT_METRICS:
		if (*arg == '\0')
			diag_usage("invalid --metrics ''");
		c->metrics = arg;
		return 1;
	case OPT_PROGRESS:
		c->progress = 1;
		return 1;
	case OPT_NO_PROGRESS:
		c->progress = 0;
		return 1;
	case OPT_CHECKPOINT:
		if (*arg == '\0')
			diag_usage("invalid --checkpoint ''");
		c->checkpoint = arg;
		return 1;
	case OPT_CHECKPOINT_EVERY:
		if (parse_num(arg, 1, 1000000000000LL, &v) < 0)
			diag_usage("invalid --checkpoint-every '%s' "
			    "(1 to 10^12 records)", arg);
		c->checkpoint_every = v;
		return 1;
	}
	return 0;
}

void
opt_version(FILE *fp)
{
	fprintf(fp, "%s (et) %s\n", diag_prog(), ET_VERSION);
}

void
opt_help_version(const struct common_opts *c, const char *synopsis,
    const char *help)
{
	struct stat st;

	if (c->help) {
		fputs(synopsis, stdout);
		printf("\n%s", help);
		exit(0);
	}
	if (c->version) {
		opt_version(stdout);
		exit(0);
	}
	if (c->checkpoint_every != 0 && c->checkpoint == NULL)
		diag_usage("--checkpoint-every needs --checkpoint");
	if (c->checkpoint != NULL) {
		if (c->output == NULL || strcmp(c->output, "-") == 0)
			diag_usage("--checkpoint needs -o FILE");
		if (stat(c->output, &st) == 0 && !S_ISREG(st.st_mode))
			diag_usage("--checkpoint needs -o FILE to be a "
			    "regular file");
		if (strcmp(c->checkpoint, c->output) == 0 ||
		    (c->rejects != NULL && (strcmp(c->checkpoint,
		    c->rejects) == 0 || strcmp(c->output, c->rejects) == 0)))
			diag_usage("--checkpoint, -o and --rejects need "
			    "different files");
	}
}

void
opt_time(const char *name, const char *arg, int64_t *t, int *has)
{
	if (time_parse(arg, strlen(arg), t) < 0)
		diag_usage("invalid %s time '%s'", name, arg);
	*has = 1;
}

void
opt_secret(const char *file, const char *opt, const char *env,
    const char *noun, char *out, size_t outlen)
{
	const char *v = getenv(env);
	int rc;

	out[0] = '\0';
	if (file != NULL) {
		rc = in_read_secret(file, out, outlen);
		if (rc == -1) {
			diag_sys("cannot read %s '%s'", opt, file);
			exit(3);
		}
		if (rc < 0)
			diag_usage("%s '%s' must hold one %s on one line", opt,
			    file, noun);
	} else if (v != NULL && *v != '\0') {
		if (strlen(v) >= outlen)
			diag_usage("%s is too long", env);
		memcpy(out, v, strlen(v) + 1);
	}
}
