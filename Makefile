# et: comment-intelligence filters.  GNU make; see README.md.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/et
PKG_CONFIG ?= pkg-config
CC	?= cc
CFLAGS	?= -O2 -g
BATS	?= bats

VERSION	:= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)
WARNFLAGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	    -Wno-format-truncation
PKGS	= yajl libcurl libzstd nettle libutf8proc pangocairo cairo-pdf
# Evaluated on first use, not at parse time, so that 'make deps check' on a
# fresh machine sees the packages deps just installed.
DEP_CFLAGS = $(eval DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null))$(DEP_CFLAGS)
DEP_LIBS = $(eval DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -ljq -lcsv -lm)$(DEP_LIBS)

# ET_FAIL_ALLOC / ET_FAIL_WRITE fault injection (et(7)); FAULT_INJECT=0 drops it.
FAULT_INJECT ?= 1
ifeq ($(FAULT_INJECT),1)
FAULTFLAGS = -DET_FAULT_INJECT
endif

ifdef SANITIZE
SANFLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
VARIANT	= san
# fontconfig's caches (through pango) live until exit by design
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp
else
VARIANT	= default
endif
ifdef COVERAGE
SANFLAGS += --coverage
VARIANT	= cov
endif
B	= build/$(VARIANT)

ALL_CPPFLAGS = -D_GNU_SOURCE -DET_VERSION='"$(VERSION)"' $(FAULTFLAGS) \
	       -I. $(DEP_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS = $(WARNFLAGS) $(CFLAGS) $(SANFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS	= $(DEP_LIBS) $(LDLIBS)

PROGS	= et-ingest et-enrich et-agg et-render
LIB_SRC	= $(wildcard lib/*.c)
LIB_OBJ	= $(LIB_SRC:%.c=$(B)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
FUZZ_REPLAY = $(FUZZ_SRC:fuzz/%.c=$(B)/fuzz/%-replay)
MAN	= $(wildcard man/*.[157])

all: $(PROGS:%=bin/%)

# Relink programs whenever the build variant changes.
$(B)/.stamp:
	@mkdir -p $(dir $@)
	@rm -f build/*/.stamp
	@touch $@

$(B)/%.o: %.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libet.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

bin/%: $(B)/src/%.o $(B)/libet.a $(B)/.stamp
	@mkdir -p bin
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(B)/libet.a $(LIBS)

$(B)/tests/test_%: tests/unit/test_%.c tests/unit/unit.h $(B)/libet.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(B)/libet.a $(LIBS)

$(B)/fuzz/%-replay: fuzz/%.c fuzz/replay.c $(B)/libet.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< fuzz/replay.c $(B)/libet.a $(LIBS)

check: all unit fuzz-replay
	$(BATS) tests

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "unit: $$t"; $$t; done

fuzz-replay: $(FUZZ_REPLAY)
	@set -e; for f in $(FUZZ_REPLAY); do \
		n=$$(basename $$f -replay); n=$${n#fuzz_}; \
		$$f fuzz/corpus/$$n fuzz/regressions/$$n; done

# AFL++ builds of the harnesses (persistent mode via libAFLDriver).
AFL_CC	?= afl-clang-fast
fuzz: $(FUZZ_SRC:fuzz/%.c=build/afl/%)
build/afl/%: fuzz/%.c $(LIB_SRC)
	@mkdir -p build/afl
	$(AFL_CC) -g -O2 -D_GNU_SOURCE -I. $(DEP_CFLAGS) -o $@ $< $(LIB_SRC) \
		/usr/lib/afl/libAFLDriver.a $(DEP_LIBS)

VADER	?= ../shared/data/vader
$(B)/tests/vader_eval: tests/eval/vader_eval.c $(B)/libet.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(B)/libet.a $(LIBS)

APIFY	?= ../shared/data/apify
eval: all $(B)/tests/vader_eval
	@echo "reference VADER: tweets r=0.872 acc=0.808 F1=0.690;" \
		"movie 0.428/0.547/0.423; amazon 0.590/0.599/0.563;" \
		"nyt 0.503/0.557/0.555"
	$(B)/tests/vader_eval $(VADER)/tweets_GroundTruth.txt \
		$(VADER)/movieReviewSnippets_GroundTruth.txt \
		$(VADER)/amazonReviewSnippets_GroundTruth.txt \
		$(VADER)/nytEditorialSnippets_GroundTruth.txt
	bin/et-ingest --posts $(APIFY)/instagram-posts.csv \
		--posts $(APIFY)/instagram-post-metadata.csv \
		$(APIFY)/instagram-comments-*.csv | \
		bin/et-enrich -c share/catalog.json -o $(B)/devset.ndjson
	python3 tests/eval/devset_eval.py tests/eval/devset.tsv $(B)/devset.ndjson

bench: all
	bench/run.sh

bench-network: all
	bench/network.sh

demo: deps all
	examples/demo.sh

deps:
	./ci/deps.sh

# Static checks: man pages, shell scripts (bats files included), cppcheck
# and clang-tidy (.clang-tidy says which checks) on the C code.
TIDY_FLAGS = -std=c11 -D_GNU_SOURCE -DET_FAULT_INJECT -I. $(DEP_CFLAGS)
lint:
	mandoc -Tlint -Wwarning $(MAN)
	shellcheck -x .ci/run ci/*.sh examples/*.sh bench/*.sh fuzz/*.sh \
		tests/*.bash tests/*.bats
	cppcheck -q --std=c11 --enable=warning,performance,portability \
		--inline-suppr --error-exitcode=1 --suppress=missingIncludeSystem \
		-D_GNU_SOURCE -DET_FAULT_INJECT -I. lib src fuzz tests/unit tests/eval
	clang-tidy --quiet $(LIB_SRC) $(wildcard src/*.c) $(FUZZ_SRC) -- \
		$(TIDY_FLAGS) 2>/dev/null

# Line coverage of lib/ and src/ by the whole suite, at least COVER_MIN %.
COVER_MIN ?= 85
coverage:
	@mkdir -p build/cov
	find build/cov -name '*.gcda' -delete
	$(MAKE) COVERAGE=1 check
	gcovr -r . --object-directory build/cov --filter lib/ --filter src/ \
		--print-summary --fail-under-line $(COVER_MIN) \
		--html-details build/cov/index.html

# A minute of AFL++ per harness (FUZZ_SECONDS); fails on any finding.
FUZZ_SECONDS ?= 60
fuzz-smoke: fuzz
	fuzz/afl.sh -t $(FUZZ_SECONDS)

# Everything CI runs: the suite plain, under ASan+UBSan and with coverage,
# the static checks and the fuzz smoke; then the plain programs again.
ci:
	$(MAKE) check
	$(MAKE) SANITIZE=address,undefined check
	$(MAKE) coverage
	$(MAKE) lint
	$(MAKE) fuzz-smoke
	$(MAKE) all

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)
	install -m 755 $(PROGS:%=bin/%) $(DESTDIR)$(BINDIR)
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7
	install -m 644 share/catalog.json $(DESTDIR)$(DATADIR)

# A Debian package of the programs, man pages and data (ci/deb.sh).
deb: all
	+ci/deb.sh

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(DESTDIR)$(DATADIR)/catalog.json
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/*.7)))

clean:
	rm -rf build bin

.PHONY: all check unit fuzz-replay fuzz fuzz-smoke coverage ci eval bench bench-network demo deps \
	lint install uninstall deb clean
# Keep the programs' objects; not every target (that would also keep make
# from remaking a missing variant stamp).
.SECONDARY: $(PROGS:%=$(B)/src/%.o)
