#!/usr/bin/env bash
# Proves an image archive from build.sh: its entry point starts as the image says (user, env,
# working directory, entrypoint and cmd read from the image's own config) and answers /readiness.
#
#   deploy/image/smoke.sh [--podman] [bootstrap/target/image/waggle-<version>.oci.tar]
#
# By default the layers are unpacked into a root filesystem and the entry point runs in it under
# chroot, as the image's user, in a private mount namespace: no container runtime is needed, which
# is what CI has. --podman loads the archive and runs it with podman instead (extra flags for this
# machine in PODMAN_RUN_FLAGS). Needs root and python3. Exits 0 only when every check passed.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
mode=rootfs
if [ "${1:-}" = "--podman" ]; then
  mode=podman
  shift
fi
archive="${1:-$(ls -t "$repo"/bootstrap/target/image/waggle-*.oci.tar 2>/dev/null | head -n 1)}"
if [ -z "$archive" ] || [ ! -f "$archive" ]; then
  echo "smoke.sh: no image archive; build one with deploy/image/build.sh" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "smoke.sh: run as root (it unpacks files owned by the image's user and uses chroot)" >&2
  exit 2
fi

work="$(mktemp -d /tmp/waggle-smoke.XXXXXX)"
pid=""
podman_name=""
loaded=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    sleep 5
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ -n "$podman_name" ]; then
    podman rm -f "$podman_name" >/dev/null 2>&1 || true
  fi
  if [ -n "$loaded" ]; then
    podman rmi "$loaded" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The image's manifest, config and layers, from the OCI layout inside the archive.
mkdir -p "$work/oci" "$work/root"
tar -xf "$archive" -C "$work/oci"
python3 - "$work/oci" >"$work/image.env" <<'PY'
import json, shlex, sys
from pathlib import Path
oci = Path(sys.argv[1])
def blob(digest):
    return oci / "blobs" / digest.replace(":", "/", 1)
index = json.loads((oci / "index.json").read_text())
entry = index["manifests"][0]
manifest = json.loads(blob(entry["digest"]).read_text())
config = json.loads(blob(manifest["config"]["digest"]).read_text())["config"]
ref = entry.get("annotations", {}).get("org.opencontainers.image.ref.name", "")
print("IMAGE_REF=" + shlex.quote(ref))
print("IMAGE_USER=" + shlex.quote(config.get("User", "")))
print("IMAGE_WORKDIR=" + shlex.quote(config.get("WorkingDir") or "/"))
print("IMAGE_ENV=(" + " ".join(shlex.quote(e) for e in config.get("Env", [])) + ")")
command = (config.get("Entrypoint") or []) + (config.get("Cmd") or [])
print("IMAGE_COMMAND=(" + " ".join(shlex.quote(c) for c in command) + ")")
layers = [str(blob(l["digest"])) + "|" + l["mediaType"] for l in manifest["layers"]]
print("IMAGE_LAYERS=(" + " ".join(shlex.quote(l) for l in layers) + ")")
PY
# shellcheck disable=SC1091
. "$work/image.env"
echo "smoke.sh: $IMAGE_REF: user '$IMAGE_USER', workdir $IMAGE_WORKDIR, command ${IMAGE_COMMAND[*]}"

fail() {
  echo "smoke.sh: FAILED: $*" >&2
  if [ -f "$work/server.log" ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$work/server.log" >&2
  fi
  exit 1
}

case "$IMAGE_USER" in
  "" | 0 | 0:* | root | root:*) fail "the image runs as root (User '$IMAGE_USER')" ;;
esac

read -r public internal < <(python3 -c '
import socket
ports = []
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
    ports.append(s.getsockname()[1])
print(*ports)')
listen=("THV_REGISTRY_ADDRESS=127.0.0.1:$public" "THV_REGISTRY_INTERNAL_ADDRESS=127.0.0.1:$internal")

if [ "$mode" = podman ]; then
  # Loaded for this run only, unless the image was there already.
  if ! podman image exists "$IMAGE_REF"; then
    loaded="$IMAGE_REF"
  fi
  podman load --quiet --input "$archive" >/dev/null
  podman_name="waggle-smoke-$$"
  # Host networking: the checks below reach the listeners on loopback, as in rootfs mode.
  # shellcheck disable=SC2086 # PODMAN_RUN_FLAGS holds several flags
  podman run --detach --name "$podman_name" --network host ${PODMAN_RUN_FLAGS:-} \
    --env "${listen[0]}" --env "${listen[1]}" "$IMAGE_REF" >/dev/null
  (podman logs --follow "$podman_name" >"$work/server.log" 2>&1 &)
else
  for entry in "${IMAGE_LAYERS[@]}"; do
    layer="${entry%%|*}"
    media="${entry#*|}"
    decompress=()
    case "$media" in
      *+gzip) decompress=(--gzip) ;;
      *+zstd) decompress=(--zstd) ;;
    esac
    # Whiteouts first: a later layer deletes what an earlier one brought.
    while IFS= read -r path; do
      dir="$(dirname "$path")"
      base="$(basename "$path")"
      if [ "$base" = ".wh..wh..opq" ]; then
        find "$work/root/$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
      else
        rm -rf "${work:?}/root/$dir/${base#.wh.}"
      fi
    done < <(tar -t "${decompress[@]}" -f "$layer" | grep -E '(^|/)\.wh\.' || true)
    tar -x "${decompress[@]}" -f "$layer" -C "$work/root" --numeric-owner --same-permissions \
      --exclude='.wh.*'
  done
  # The container a runtime would give: /proc, /dev with a /dev/shm for PostgreSQL's shared
  # memory, and a writable /tmp; mounted in a private namespace, so they vanish with the process.
  uid="${IMAGE_USER%%:*}"
  gid="${IMAGE_USER#*:}"
  [ "$gid" = "$IMAGE_USER" ] && gid="$uid"
  unshare --mount --propagation private --fork \
    env -i ROOT="$work/root" WORKDIR="$IMAGE_WORKDIR" USERSPEC="$uid:$gid" \
    /bin/sh -c '
      mount -t proc proc "$ROOT/proc"
      mount --rbind /dev "$ROOT/dev"
      mkdir -p "$ROOT/dev/shm" && mount -t tmpfs -o mode=1777 shm "$ROOT/dev/shm"
      exec chroot --userspec="$USERSPEC" "$ROOT" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$WORKDIR" \
        env -i "$@"' sh "${IMAGE_ENV[@]}" "${listen[@]}" "${IMAGE_COMMAND[@]}" \
    >"$work/server.log" 2>&1 &
  pid=$!
fi

# The embedded PostgreSQL's first start (initdb) takes a while on a busy machine.
ready=""
for _ in $(seq 1 180); do
  if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
    fail "the entry point exited before it was ready"
  fi
  if [ -n "$podman_name" ] && [ "$(podman inspect --format '{{.State.Running}}' "$podman_name")" != true ]; then
    fail "the container exited before it was ready"
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$internal/readiness")" = 200 ]; then
    ready=yes
    break
  fi
  sleep 1
done
[ -n "$ready" ] || fail "/readiness did not answer 200 within 180 s"

echo "smoke.sh: GET /readiness -> 200"
health="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$internal/health")"
[ "$health" = 200 ] || fail "GET /health answered $health"
echo "smoke.sh: GET /health -> 200"
version="$(curl -sf "http://127.0.0.1:$internal/version")" || fail "GET /version failed"
echo "smoke.sh: GET /version -> $version"
case "$IMAGE_REF" in
  *":$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["version"])' "$version")") ;;
  *) fail "the image tag ($IMAGE_REF) and the server's version ($version) differ" ;;
esac
servers="$(curl -sf "http://127.0.0.1:$public/v0.1/servers?version=latest")" || fail "GET /v0.1/servers failed"
count="$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])["servers"]))' "$servers")"
[ "$count" -gt 0 ] || fail "the bundled catalog served no servers"
echo "smoke.sh: GET /v0.1/servers?version=latest -> $count servers"

if [ "$mode" = rootfs ]; then
  # The embedded PostgreSQL wrote its data under WAGGLE_HOME as the image's user, not as root.
  owner="$(stat -c %u "$work/root/var/lib/waggle/pg")" || fail "no data under /var/lib/waggle/pg"
  [ "$owner" = "$uid" ] || fail "/var/lib/waggle/pg belongs to uid $owner, not $uid"
  echo "smoke.sh: embedded PostgreSQL data in WAGGLE_HOME, owned by uid $owner"
  kill -TERM "$(pgrep -P "$pid")"
  wait "$pid" && status=0 || status=$?
  pid=""
else
  podman stop --time 30 "$podman_name" >/dev/null
  status="$(podman inspect --format '{{.State.ExitCode}}' "$podman_name")"
fi
[ "$status" = 0 ] || fail "SIGTERM ended the server with status $status, not 0"
grep -q 'Waggle stopped' "$work/server.log" || fail "no 'Waggle stopped' in the log after SIGTERM"
echo "smoke.sh: SIGTERM -> exit 0"
echo "smoke.sh: OK ($mode)"
