#!/usr/bin/env bash
# Installs the Debian 12 packages jobimpact needs to build and test.
# Idempotent and fast when everything is present: it asks dpkg first and only
# calls apt-get (update + install) for what is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ make
  libtoml11-dev libcli11-dev nlohmann-json3-dev libfmt-dev libeigen3-dev libopenblas-dev libboost-dev
  libssl-dev
  libzip-dev libexpat1-dev libreadstat-dev libxlsxwriter-dev
  # report.pdf and the browser tests of the report: headless Chromium and
  # the CJK fonts it renders Chinese with.
  chromium fonts-noto-cjk
  libgtest-dev libgmock-dev
)
# Reference generators for tests (R survey, numpy) are listed separately so a
# user who only wants `make demo` does not pull R.
if [[ "${1:-}" == "--with-references" ]]; then
  packages+=(r-cran-survey r-cran-mass r-cran-haven python3-numpy python3-openpyxl)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
