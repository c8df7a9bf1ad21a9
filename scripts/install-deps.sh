#!/usr/bin/env bash
# Installs the Debian 12 packages SigID needs; with --test, also what the test
# suite needs. Installs only what is missing and stays silent when nothing is,
# so `make run` and `make test` can call it every time.
set -euo pipefail

# Why each package is here: README.md ("Dependencies") says the same in prose.
PACKAGES=(
  # toolchain: compiler, CMake + Ninja, compile cache, library discovery
  build-essential cmake ninja-build ccache pkg-config
  # HTTP(S) server and client, config, logging, JSON
  libpoco-dev
  # crypto (EVP, AES-GCM, JWS keys) and Poco's TLS
  libssl-dev
  # the embedded default store and the production store
  libsqlite3-dev libmysqlcppconn-dev
  # argon2id password hashing
  libargon2-dev
  # the Lua 5.4 policy sandbox
  liblua5.4-dev
  # Boost.DLL plugin loading
  libboost-dev libboost-filesystem-dev
  # logic-less templates for hosted pages
  libkainjow-mustache-dev
  # unit tests and in-process benchmarks (the build compiles them by default)
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  # the test that checks docs/api/openapi.yaml against the server's routes
  libyaml-cpp-dev
)

# Only for `make test` (--test); Node 20 with npm is assumed present already.
TEST_PACKAGES=(
  # a throwaway MariaDB server that CTest starts and stops
  mariadb-server mariadb-client
  # headless browser tests of the hosted pages
  chromium chromium-driver
  # HTTP load benchmarks and scripted requests
  wrk curl python3
)

usage() { echo "usage: $0 [--test]" >&2; exit 2; }

wanted=("${PACKAGES[@]}")
case "${1:-}" in
  "") ;;
  --test) wanted+=("${TEST_PACKAGES[@]}") ;;
  *) usage ;;
esac
[ $# -le 1 ] || usage

missing=()
for package in "${wanted[@]}"; do
  # "ii" = wanted and installed; anything else (unknown, removed, half-configured) needs apt.
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
  [ "${status:0:2}" = "ii" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing ${missing[*]}; run this script as root or install sudo" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"

# mariadb-server's postinst starts the system service. The tests never use it
# (they run their own server), and in containers and CI images without an init
# system the start fails and would fail the install. A policy-rc.d that exits
# 101 ("action forbidden") makes invoke-rc.d skip the start; we add one only
# for this install, only if the machine has none, and remove it afterwards.
policy=/usr/sbin/policy-rc.d
added_policy=false
remove_policy() {
  if [ "$added_policy" = true ]; then "${as_root[@]}" rm -f "$policy"; fi
}
trap remove_policy EXIT
if [[ " ${missing[*]} " == *" mariadb-server "* ]] && [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  added_policy=true
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
