#!/usr/bin/env bash
# Builds the Waggle image without Docker: a JRE runtime from Debian's packages (mmdebstrap, running
# runtime.sh as the Dockerfile's runtime stage does), then the repository's Dockerfile on top of it
# with buildah, written as an OCI archive:
#
#   bootstrap/target/image/waggle-<version>.oci.tar   tagged ghcr.io/waggle-dev/waggle:<version>
#
# Needs root (mmdebstrap and buildah write files owned by other users) and Debian's mmdebstrap and
# buildah packages. Builds bootstrap/target/waggle.jar first when it is missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

repository="ghcr.io/waggle-dev/waggle"
out="bootstrap/target/image"
jar="bootstrap/target/waggle.jar"

for tool in mmdebstrap buildah python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build.sh: $tool is missing; install it with: apt-get install -y mmdebstrap buildah" >&2
    exit 2
  fi
done
if [ "$(id -u)" != 0 ]; then
  echo "build.sh: run as root (mmdebstrap and buildah keep the files' owners)" >&2
  exit 2
fi

if [ ! -f "$jar" ]; then
  echo "build.sh: $jar is missing; building it"
  mvn -B -q -pl bootstrap -am package -DskipTests
fi

# The tag is the jar's own version, the one the operator's default image names.
version="$(python3 - "$jar" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    for line in jar.read("waggle-build.properties").decode().splitlines():
        if line.startswith("version="):
            print(line.split("=", 1)[1].strip())
PY
)"
if [ -z "$version" ] || [[ "$version" == *'${'* ]]; then
  echo "build.sh: $jar carries no version in waggle-build.properties" >&2
  exit 1
fi
image="$repository:$version"
runtime="localhost/waggle-runtime:$version"
mkdir -p "$out"

# Debian's package sources as this machine has them (its mirror, its keyring), else Debian's own.
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources="deb http://deb.debian.org/debian bookworm main"

echo "build.sh: runtime from Debian bookworm: $(deploy/image/runtime.sh --packages)"
rootfs="$out/runtime-rootfs.tar"
mmdebstrap --quiet --variant=essential \
  --include="$(deploy/image/runtime.sh --packages | tr ' ' ',')" \
  --customize-hook='upload deploy/image/runtime.sh /tmp/waggle-runtime.sh' \
  --customize-hook='chroot "$1" sh /tmp/waggle-runtime.sh' \
  --customize-hook='rm "$1"/tmp/waggle-runtime.sh' \
  bookworm "$rootfs" "$sources"

container="$(buildah from scratch)"
trap 'buildah rm "$container" >/dev/null 2>&1 || true' EXIT
buildah add --quiet "$container" "$rootfs" / >/dev/null
# What debian:bookworm-slim sets, so the Dockerfile sees the same base either way.
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --cmd '["bash"]' "$container"
buildah commit --quiet --rm "$container" "$runtime" >/dev/null
trap - EXIT
rm -f "$rootfs"

buildah bud --quiet --layers=false \
  --build-arg BASE="$runtime" --build-arg VERSION="$version" \
  --tag "$image" --file Dockerfile . >/dev/null

archive="$out/waggle-$version.oci.tar"
rm -f "$archive"
buildah push --quiet "$image" "oci-archive:$archive:$image"
# The archive is the product; local storage keeps nothing that a rebuild would leave dangling.
buildah rmi "$image" "$runtime" >/dev/null 2>&1 || true
echo "build.sh: $image written to $archive ($(du -h "$archive" | cut -f1))"
