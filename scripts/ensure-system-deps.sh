#!/usr/bin/env bash
# Installs the real components the tests run against (Redis) when the machine lacks them.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server (Debian package)..."
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq redis-server >/dev/null
fi
