# rapd - build rules.
#
#   make            rapd, rapd-trace, rapd-cli and the unit tests into build/
#   make test       install what is missing, then every test (tests/run.sh)
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#   make SAN=1      the same programs with ASan+UBSan into build-asan/
#   make TSAN=1     the same with ThreadSanitizer into build-tsan/
#   make WERROR=1   warnings are errors (CI and make test use it)
#
# Sources are found by folder: crypto/, mlme/, netlink/ and core/ (but
# core/main.c)
# make librapd.a; each program links it. tests/unit/test_*.c are unit test
# programs (other tests/unit/*.c are helpers linked into each),
# tests/fuzz/fuzz_*.c libFuzzer targets.

CC ?= cc
PKGS := libpcap libnl-3.0 libnl-genl-3.0 liburcu liburcu-cds openssl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wno-unused-parameter -Iinclude $(PKG_CFLAGS)
ifeq ($(WERROR),1)
CFLAGS += -Werror
endif

ifeq ($(SAN),1)
BUILD ?= build-asan
CFLAGS += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	  -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else ifeq ($(TSAN),1)
BUILD ?= build-tsan
CFLAGS += -O1 -fno-omit-frame-pointer -fsanitize=thread
LDFLAGS += -fsanitize=thread
else
BUILD ?= build
endif

LIB_SRCS := $(wildcard crypto/*.c mlme/*.c netlink/*.c) \
	    $(filter-out core/main.c,$(wildcard core/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/librapd.a

TRACE_SRCS := $(wildcard tools/rapd-trace/*.c)
RAPD_CLI_SRCS := $(wildcard tools/rapd-cli/*.c)
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/test-bin/%)
# Every other tests/unit/*.c (check.c, shared test helpers) links into each.
TEST_SUPPORT := $(filter-out $(TEST_SRCS),$(wildcard tests/unit/*.c))
TEST_SUPPORT_OBJS := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
STORM_SRCS := $(wildcard bench/storm_*.c) bench/rapd_storm.c

PROGRAMS := $(BUILD)/rapd $(BUILD)/rapd-trace $(BUILD)/rapd-cli \
	    $(BUILD)/rapd-storm
# Built with everything else so they never rot; run by `make bench`.
BENCHES := $(BUILD)/bench-crypto $(BUILD)/bench-ccmp

all: $(PROGRAMS) $(TEST_BINS) $(BENCHES)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/rapd: $(BUILD)/core/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/rapd-trace: $(TRACE_SRCS:%.c=$(BUILD)/%.o) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The association-storm benchmark (bench/): built with the programs so
# that tests/trace/storm.sh can run it; it asserts nothing on timings.
$(BUILD)/rapd-storm: $(STORM_SRCS:%.c=$(BUILD)/%.o) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# GNU readline (line editing, history, completion) is rapd-cli's alone.
$(BUILD)/rapd-cli: $(RAPD_CLI_SRCS:%.c=$(BUILD)/%.o)
	$(CC) $(LDFLAGS) -o $@ $^ -lreadline

$(BUILD)/test-bin/%: $(BUILD)/tests/unit/%.o $(TEST_SUPPORT_OBJS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# libFuzzer targets: clang only, the library rebuilt with the fuzzer's
# instrumentation into build-fuzz/.
FUZZ_BUILD := build-fuzz
FUZZ_BASE := -g -O1 -std=gnu11 -Iinclude $(PKG_CFLAGS) \
	     -fno-sanitize-recover=undefined
FUZZ_CFLAGS := $(FUZZ_BASE) -fsanitize=fuzzer,address,undefined
FUZZ_OBJ_CFLAGS := $(FUZZ_BASE) -fsanitize=fuzzer-no-link,address,undefined
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_BUILD)/%)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_OBJ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJS)
	clang $(FUZZ_CFLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

FUZZ_SECONDS ?= 60
fuzz: fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# Benchmarks print figures; they are never part of make test.
$(BUILD)/bench-crypto: $(BUILD)/bench/bench_crypto.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench-ccmp: $(BUILD)/bench/bench_ccmp.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

bench: $(BUILD)/bench-crypto $(BUILD)/bench-ccmp
	$(BUILD)/bench-crypto
	$(BUILD)/bench-ccmp

deps:
	scripts/install-deps

test: deps
	tests/run.sh

# What the README's first command runs: the access point on its built-in
# network against 50 simulated stations, for 10 seconds.
run: deps all
	$(BUILD)/rapd --simulate 50 --duration 10

clean:
	rm -rf build build-asan build-tsan build-fuzz

.PHONY: all test deps fuzz fuzz-build run clean bench
# Objects built on the way to a program are kept: otherwise make treats
# them as intermediate, deletes them after the link, and rebuilds the
# whole library for the next fuzz target or test program.
.SECONDARY:

-include $(shell find $(BUILD) $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
