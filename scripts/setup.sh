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

apt_packages=(build-essential python3 python3-torch python3-sklearn chromium ripgrep libopenblas-dev
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

# code-server 4.100.3 is the newest release that runs on Node 20. Its postinstall runs `npm install`
# twice more inside its bundled VS Code (lib/vscode and lib/vscode/extensions) to build native
# modules. What keeps that working offline and under npm 11:
#   - npm 11 runs a dependency's install scripts only when allowed. The outer install allows
#     code-server and argon2 in its package.json. The inner installs are projects of their own; an
#     allow list in the environment or on their command line is refused in project installs (and
#     npm exports its config to scripts' environments), so the package is installed without
#     scripts first, each inner project gets an .npmrc with its allow list, then `npm rebuild`
#     runs the install scripts;
#   - @vscode/ripgrep's postinstall downloads rg from GitHub: its download cache is seeded with
#     Debian's rg;
#   - as root, code-server's postinstall demands unsafe-perm; npm_config_yes lets an inner
#     `npx node-gyp` proceed.
CODE_SERVER_VERSION=4.100.3
cs_dir=.e2e/code-server
cs_bin="$cs_dir/node_modules/.bin/code-server"
cs_vscode="$cs_dir/node_modules/code-server/lib/vscode"
if ! "$cs_bin" --version >/dev/null 2>&1; then
  echo "[setup] installing code-server $CODE_SERVER_VERSION into $cs_dir (a few minutes)"
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  cat > "$cs_dir/package.json" <<JSON
{"name": "reglab-e2e-code-server", "private": true,
 "allowScripts": {"code-server": true, "argon2": true}}
JSON
  (cd "$cs_dir" && npm install --ignore-scripts --save-exact --no-audit --no-fund "code-server@$CODE_SERVER_VERSION")
  echo "allow-scripts=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,node-pty,@vscode/windows-process-tree,@vscode/windows-registry" \
    > "$cs_vscode/.npmrc"
  echo "allow-scripts=@parcel/watcher,esbuild" > "$cs_vscode/extensions/.npmrc"
  (cd "$cs_dir" && npm_config_yes=true npm_config_unsafe_perm=true npm rebuild --foreground-scripts)
  # An inner install can leave a module without its binary and still exit 0: check the ones the
  # server loads.
  for m in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node \
           native-watchdog/build/Release/watchdog.node @vscode/ripgrep/bin/rg; do
    [ -e "$cs_vscode/node_modules/$m" ] \
      || { echo "[setup] code-server install is incomplete: lib/vscode/node_modules/$m is missing" >&2; exit 1; }
  done
fi
echo "[setup] code-server $("$cs_bin" --version | tail -1)"
echo "[setup] done"
