/*
 * vader_eval: scores the human-rated VADER benchmark sets with the
 * toolkit's sentiment scorer, using the fixed protocol of the data's README:
 * Pearson r against the mean rating; 3 classes (gold > 0.5 positive,
 * < -0.5 negative; predicted >= 0.05 positive, <= -0.05 negative) with
 * accuracy and unweighted macro-F1.
 *
 * usage: vader_eval FILE...   (lines: id TAB rating TAB text, CRLF ok)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/lexicon.h"
#include "lib/sentiment.h"
#include "lib/text.h"

static int
cls(double x, double pos, double neg)
{
	return x >= pos ? 2 : x <= neg ? 0 : 1;
}

static void
eval_file(const char *path, const struct lexicon *lex, struct tokens *tk)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *tab1, *tab2;
	size_t cap = 0, n = 0, len;
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, gold, r;
	long conf[3][3] = { { 0 } };
	struct sent_result res;
	double f1 = 0, acc;
	const char *name;
	int g, p, k;

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	while (getline(&line, &cap, fp) > 0) {
		len = strcspn(line, "\r\n");
		line[len] = '\0';
		if ((tab1 = strchr(line, '\t')) == NULL ||
		    (tab2 = strchr(tab1 + 1, '\t')) == NULL)
			continue;
		gold = strtod(tab1 + 1, NULL);
		if (text_tokenize(tab2 + 1, strlen(tab2 + 1), tk) < 0)
			exit(3);
		sent_score(lex, tk, NULL, &res);
		sx += res.score, sy += gold, sxx += res.score * res.score;
		syy += gold * gold, sxy += res.score * gold, n++;
		g = gold > 0.5 ? 2 : gold < -0.5 ? 0 : 1;
		p = cls(res.score, 0.05, -0.05);
		conf[g][p]++;
	}
	free(line);
	fclose(fp);
	r = (n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
	acc = (double)(conf[0][0] + conf[1][1] + conf[2][2]) / (double)n;
	for (k = 0; k < 3; k++) {
		long tp = conf[k][k], fp_ = 0, fn = 0;
		int j;

		for (j = 0; j < 3; j++)
			if (j != k) {
				fp_ += conf[j][k];
				fn += conf[k][j];
			}
		if (tp > 0)
			f1 += 2.0 * tp / (2.0 * tp + fp_ + fn);
	}
	name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	printf("%-40s %6zu  r=%.4f  acc=%.4f  macroF1=%.4f\n", name, n, r, acc,
	    f1 / 3);
}

int
main(int argc, char **argv)
{
	struct lexicon *lex = lexicon_new();
	struct tokens tk;
	int i;

	tokens_init(&tk);
	for (i = 1; i < argc; i++)
		eval_file(argv[i], lex, &tk);
	tokens_free(&tk);
	lexicon_free(lex);
	return 0;
}
