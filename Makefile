# The two set-up commands on a fresh Debian 12 machine:
#   make run    install missing packages, build the release binary, serve on http://127.0.0.1:8080
#   make test   also install the test tools, build with ASan/UBSan, run every suite through CTest
# Builds use the CMake presets in CMakePresets.json (build/release, build/dev).

.POSIX:
.PHONY: all deps test-deps build build-dev run test clean

RELEASE_DIR = build/release
DEV_DIR = build/dev
# The MariaDB server the CTest fixture starts for the dev build (tests/CMakeLists.txt).
TEST_MARIADB_DIR = $(DEV_DIR)/mariadb
STOP_TEST_MARIADB = scripts/test-mariadb.sh stop $(TEST_MARIADB_DIR) >/dev/null 2>&1 || true
# ccache keeps its default directory (~/.cache/ccache); cap it so it cannot fill the disk.
# BASEDIR + NOHASHDIR: a fresh clone in another folder (CI) still hits the cache.
BUILD_ENV = CCACHE_MAXSIZE=5G CCACHE_BASEDIR=$(CURDIR) CCACHE_NOHASHDIR=true

all: build

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

build: deps
	cmake --preset release
	$(BUILD_ENV) cmake --build --preset release --target sigid

# Runs from the repository root, so config/sigid.properties and var/sigid.db resolve here.
run: build
	./$(RELEASE_DIR)/kernel/app/sigid serve

build-dev: test-deps
	cmake --preset dev
	$(BUILD_ENV) cmake --build --preset dev

# CTest's fixture starts and stops MariaDB. The traps are a safety net for a run
# that is interrupted or crashes: no server is left holding the socket. Nothing
# is printed after CTest, so its summary is the last thing on the screen.
test: build-dev
	@$(STOP_TEST_MARIADB)
	@trap '$(STOP_TEST_MARIADB)' EXIT; trap 'exit 130' INT TERM; \
	ctest --preset dev -j2 --output-on-failure

# Removes the build trees; var/ (the dev database and its bootstrap credential) stays.
clean:
	@$(STOP_TEST_MARIADB)
	rm -rf $(RELEASE_DIR) $(DEV_DIR)
