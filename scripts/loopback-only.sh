#!/usr/bin/env bash
# Runs a command in a fresh network namespace whose only interface is loopback, so that tests and
# benchmarks cannot send a packet anywhere but 127.0.0.0/8 and ::1 — WebRTC included: Chromium
# gathers host candidates on every interface it sees, and here it sees only `lo`
# (with --allow-loopback-in-peer-connection, see camera/testing/chromium.ts).
#
# As root (CI, this project's machines) a plain `unshare --net` does it; elsewhere an unprivileged
# user namespace is tried; where neither is allowed the command runs as it is, with a warning.
set -euo pipefail

inner='ip link set lo up && exec "$@"'
if ! command -v ip >/dev/null 2>&1; then
  echo "loopback-only: 'ip' (iproute2) is missing; running without network isolation" >&2
  exec "$@"
fi
if unshare --net true 2>/dev/null; then
  exec unshare --net -- bash -c "$inner" loopback-only "$@"
fi
if unshare --user --map-root-user --net true 2>/dev/null; then
  exec unshare --user --map-root-user --net -- bash -c "$inner" loopback-only "$@"
fi
echo "loopback-only: cannot create a network namespace here; running without network isolation" >&2
exec "$@"
