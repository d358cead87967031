#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for RegLab development and its full test suite:
#   - Debian packages: PyTorch and scikit-learn (test oracles), Chromium (end-to-end tests),
#     OpenBLAS (the native matmul kernels), ripgrep and the headers code-server's install needs;
#   - the project's npm dependencies (`npm ci`);
#   - code-server (a real VS Code in the browser) under .e2e/code-server for the end-to-end suite.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

apt_packages=(python3-torch python3-sklearn chromium ripgrep libopenblas-dev
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "[setup] npm ci"
npm ci --no-audit --no-fund

# code-server 4.100.3 is the newest release that runs on Node 20. Its postinstall fetches ripgrep
# from GitHub; the download cache is seeded with Debian's rg so the install stays offline.
CODE_SERVER_VERSION=4.100.3
cs_dir=.e2e/code-server
if [ ! -x "$cs_dir/node_modules/.bin/code-server" ]; then
  echo "[setup] installing code-server $CODE_SERVER_VERSION into $cs_dir (a few minutes)"
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  mkdir -p "$cs_dir"
  [ -f "$cs_dir/package.json" ] || echo '{"name":"reglab-e2e-code-server","private":true}' > "$cs_dir/package.json"
  (cd "$cs_dir" && npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --unsafe-perm --no-audit --no-fund --allow-scripts=code-server "code-server@$CODE_SERVER_VERSION")
fi
echo "[setup] done"
