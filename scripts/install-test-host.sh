#!/usr/bin/env bash
# Installs the extension-test host: a real VS Code (code-server 4.100.3 = VS Code 1.100.3, the
# newest that runs on Node 20) plus Debian's Chromium to drive its web workbench.
# These machines cannot download VS Code itself (see test/extension-host/README.md).
#
# Idempotent and quiet when everything is present: only missing Debian packages are installed,
# and code-server is installed once into .cache/test-host/ (ignored by git, ~300 MB) and reused
# while its version marker matches. Safe to run concurrently (a lock serialises installs).
#
# Env: FLEET_TEST_HOST_DIR overrides the cache folder (default <repo>/.cache/test-host).
set -euo pipefail

readonly CODE_SERVER_VERSION="4.100.3"
# code-server 4.100.3 depends on @vscode/ripgrep 1.15.11, whose postinstall downloads this asset
# from GitHub unless it already sits in its cache folder under $TMPDIR.
readonly RIPGREP_PACKAGE_VERSION="1.15.11"
readonly RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
readonly APT_PACKAGES=(chromium ripgrep libkrb5-dev)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_dir="${FLEET_TEST_HOST_DIR:-$repo_root/.cache/test-host}"
install_dir="$cache_dir/code-server-$CODE_SERVER_VERSION"
marker="$install_dir/.installed-version"
entry="$install_dir/node_modules/code-server/out/node/entry.js"

log() { echo "[test-host] $*"; }

install_apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then return 0; fi

    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then sudo="sudo"; else
            echo "[test-host] missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
            exit 1
        fi
    fi
    log "installing Debian packages: ${missing[*]}"
    local started=$SECONDS
    # One update per install run; recommends are skipped (Chromium's pull in desktop services).
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    log "Debian packages installed in $((SECONDS - started)) s"
}

code_server_installed() {
    [ -f "$marker" ] && [ "$(cat "$marker")" = "$CODE_SERVER_VERSION" ] && [ -f "$entry" ]
}

install_code_server() {
    if code_server_installed; then return 0; fi
    log "installing code-server@$CODE_SERVER_VERSION into $install_dir (one time, about a minute)"
    local started=$SECONDS

    # A private TMPDIR holding the ripgrep asset makes @vscode/ripgrep's postinstall offline.
    local staging="$cache_dir/.staging-$$"
    rm -rf "$staging"
    mkdir -p "$staging/tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION" "$staging/rgpkg" "$staging/pkg"
    cp "$(command -v rg)" "$staging/rgpkg/rg"
    # The postinstall extracts the asset into its bin/ folder and expects `rg` at the top level.
    tar -czf "$staging/tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION/$RIPGREP_ASSET" -C "$staging/rgpkg" rg
    # Own package.json so npm does not walk up into the repository's project.
    echo '{ "name": "fleet-test-host", "private": true }' >"$staging/pkg/package.json"

    # yes: node-pty's `npx node-gyp` would otherwise be cancelled; unsafe_perm: postinstall as root.
    if ! (cd "$staging/pkg" && TMPDIR="$staging/tmp" npm_config_yes=true npm_config_unsafe_perm=true \
        npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" \
        >"$staging/npm-install.log" 2>&1); then
        echo "[test-host] npm install code-server@$CODE_SERVER_VERSION failed; last lines of the log:" >&2
        tail -n 40 "$staging/npm-install.log" >&2
        echo "[test-host] full log: $staging/npm-install.log" >&2
        exit 1
    fi
    if [ ! -f "$staging/pkg/node_modules/code-server/out/node/entry.js" ]; then
        echo "[test-host] code-server installed but out/node/entry.js is missing; see $staging/npm-install.log" >&2
        exit 1
    fi

    echo "$CODE_SERVER_VERSION" >"$staging/pkg/.installed-version"
    rm -rf "$install_dir"
    mv "$staging/pkg" "$install_dir"
    rm -rf "$staging"
    log "code-server installed in $((SECONDS - started)) s"
}

main() {
    mkdir -p "$cache_dir"
    # Serialise concurrent installs (two CI jobs or two terminals on one checkout).
    exec 9>"$cache_dir/.install.lock"
    flock 9
    # Leftovers of an interrupted or failed install (their logs were already printed).
    rm -rf "$cache_dir"/.staging-*
    install_apt_packages
    install_code_server
    log "ready: code-server $CODE_SERVER_VERSION, $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?')"
}

main "$@"
