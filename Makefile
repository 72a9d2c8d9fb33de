# The two user-facing commands are `make demo` and `make test`; both install
# missing Debian packages first (scripts/install-deps.sh), then configure and
# build with CMake + Ninja.
RELEASE_DIR := build/release
ASAN_DIR    := build/asan
DEMO_OUT    ?= out/demo
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build demo test test-release test-asan bench references clean

all: build

deps:
	@bash scripts/install-deps.sh

$(RELEASE_DIR)/build.ninja: | deps
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DJOBIMPACT_WERROR=ON

build: deps $(RELEASE_DIR)/build.ninja
	cmake --build $(RELEASE_DIR) -j $(JOBS)

# report.pdf too where headless Chromium is installed (install-deps installs
# it; without it the demo still writes everything else).
demo: build
	$(RELEASE_DIR)/jobimpact run examples/default/series.toml --out $(DEMO_OUT) \
	  $$(command -v chromium >/dev/null 2>&1 && echo --pdf)

test: test-release test-asan

test-release: build
	cd $(RELEASE_DIR) && ctest --output-on-failure -j $(JOBS)

$(ASAN_DIR)/build.ninja: | deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DJOBIMPACT_WERROR=ON -DJOBIMPACT_SANITIZE=ON

test-asan: deps $(ASAN_DIR)/build.ninja
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run_csv_bench.sh
	bash bench/run_table_bench.sh
	bash bench/run_survey_bench.sh
	bash bench/run_io_bench.sh
	bash bench/run_sim_bench.sh
	bash bench/run_uncertainty_bench.sh

clean:
	rm -rf build out
