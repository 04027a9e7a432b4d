#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine needs to build and test mutual-store.
# Idempotent: when everything is already there it returns in a second.
set -euo pipefail

packages=(emscripten binaryen catch2 nlohmann-json3-dev libsodium-dev chromium cmake g++ make dpkg-dev redis-server)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# libsodium's source (for the wasm build) comes from Debian's source package:
# that needs deb-src entries for bookworm, bookworm-updates and bookworm-security.
src_list=/etc/apt/sources.list.d/mutual-store-src.sources
need_update=0
if [ ! -f "$src_list" ]; then
  cat > "$src_list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi

# Package lists can be stale or missing on a reused machine: the source
# package must be findable for the wasm build's `apt-get source libsodium`.
if [ $need_update = 0 ] && ! grep -q '^Package: libsodium' <<<"$(apt-cache showsrc libsodium 2>/dev/null)"; then
  need_update=1
fi

if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ]; then
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi
