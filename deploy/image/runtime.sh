#!/bin/sh
# Prepares the image's runtime layer: the JRE, the non-root user and its writable places.
# Run as root inside a Debian bookworm root filesystem, by the Dockerfile's runtime stage and by
# build.sh (through mmdebstrap), so both builds give the same base. POSIX sh: the slim base has no bash.
set -eu

# The Debian packages of the runtime; build.sh hands the same list to mmdebstrap.
PACKAGES="openjdk-17-jre-headless ca-certificates"

if [ "${1:-}" = "--packages" ]; then
  echo "$PACKAGES"
  exit 0
fi

if ! command -v java >/dev/null 2>&1; then
  apt-get update
  # shellcheck disable=SC2086 # the list is meant to split into words
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES
fi

# UID and GID 65532 with home /home/appuser, as ToolHive's image: the operator mounts .pgpass at
# /home/appuser/.pgpass and its pods run as 65532. initdb refuses a user without a passwd entry,
# so the embedded PostgreSQL needs this user to exist, not just the number.
if ! getent passwd 65532 >/dev/null; then
  # Written directly rather than with useradd, which a minimal root filesystem lacks.
  echo "appuser:x:65532:" >>/etc/group
  echo "appuser:x:65532:65532:Waggle:/home/appuser:/usr/sbin/nologin" >>/etc/passwd
  if [ -f /etc/shadow ]; then
    echo "appuser:!:1::::::" >>/etc/shadow
  fi
  mkdir -p /home/appuser
  chown 65532:65532 /home/appuser
  chmod 0750 /home/appuser
fi

# WAGGLE_HOME: the embedded PostgreSQL's data and passwords; a volume in the image.
mkdir -p /var/lib/waggle /app
chown 65532:65532 /var/lib/waggle
chmod 0700 /var/lib/waggle

# What a runtime never reads: package lists, caches, documentation, logs.
rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /var/log/* \
  /usr/share/doc/* /usr/share/man/* /usr/share/locale/* /usr/share/info/*
