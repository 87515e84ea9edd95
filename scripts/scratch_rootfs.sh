#!/bin/sh
# Assembles the root filesystem of the `FROM scratch` container image in DIR: the task-mcp binary,
# the dynamic loader and the shared libraries `ldd` names for it, CA certificates, an /etc/passwd
# and /etc/group with the unprivileged user `task-mcp` (uid/gid 10001), /etc/nsswitch.conf, an
# empty /data (the repository volume) and /tmp, and git for git mode (`--git-remote`): the git
# executable, the HTTPS remote helper and the libraries ldd names for them. Nothing else: no
# shell, no other libraries. Without a shell git reaches remotes over git://, https:// and
# ssh:// (with an ssh client added), not file://, whose local transport runs a shell.
#
# The Dockerfile's build stage runs this script and its final stage copies DIR as it is, so this
# file is the one list of what the image holds; tests/dist_scratch_test.ts runs the binary inside
# DIR with chroot to prove the list is complete.
#
# Usage: scripts/scratch_rootfs.sh DIR [BINARY]
#   BINARY defaults to dist/task-mcp. DIR must not exist or be empty. Prints the files it created.
#   CA_BUNDLE overrides the certificate bundle (default /etc/ssl/certs/ca-certificates.crt).
#   Run as root so that /data belongs to uid 10001 (as a non-root user ownership stays yours).
set -eu

APP_UID=10001
APP_GID=10001
BIN_PATH=/usr/local/bin/task-mcp

die() {
  echo "scratch_rootfs.sh: $*" >&2
  exit 1
}

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: scripts/scratch_rootfs.sh DIR [BINARY]"
dir=$1
binary=${2:-dist/task-mcp}
ca_bundle=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

[ -x "$binary" ] || die "no executable at $binary (run npm run build first)"
[ -f "$ca_bundle" ] || die "no CA certificates at $ca_bundle (install the ca-certificates package)"
command -v ldd >/dev/null 2>&1 || die "ldd not found (install libc-bin)"
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then die "$dir is not empty"; fi

# Every absolute path ldd prints: the loader ("/lib64/ld-linux-x86-64.so.2 (0x…)") and the
# libraries ("libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)"). linux-vdso has no file.
libs=$(ldd "$binary" 2>&1) || die "ldd failed for $binary (a binary for another platform?): $libs"
libs=$(printf '%s\n' "$libs" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | sort -u)
[ -n "$libs" ] || die "ldd names no libraries for $binary (expected a dynamically linked binary)"

# git: the executable (also at its exec path, where git runs its own sub-commands from) and the
# HTTPS remote helper; SKIP_GIT=1 leaves it out.
git_files=""
if [ "${SKIP_GIT:-}" != 1 ]; then
  command -v git >/dev/null 2>&1 || die "git not found (install git, or set SKIP_GIT=1)"
  git_bin=$(command -v git)
  git_exec=$(git --exec-path)
  git_files="$git_bin:/usr/bin/git $git_bin:$git_exec/git"
  for helper in git-remote-http git-remote-https; do
    [ -x "$git_exec/$helper" ] && git_files="$git_files $git_exec/$helper:$git_exec/$helper"
  done
  for pair in $git_files; do
    more=$(ldd "${pair%%:*}" 2>&1) || die "ldd failed for ${pair%%:*}: $more"
    libs=$(printf '%s\n%s\n' "$libs" "$(printf '%s\n' "$more" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }')" | sort -u)
  done
fi

mkdir -p "$dir"
created=""
# Copies a file to the same path below $dir, following symbolic links.
place() {
  mkdir -p "$dir$(dirname "$2")"
  cp -L "$1" "$dir$2"
  chmod "$3" "$dir$2"
  created="$created $2"
}

place "$binary" "$BIN_PATH" 0755
for pair in $git_files; do
  place "${pair%%:*}" "${pair#*:}" 0755
done
for lib in $libs; do
  place "$lib" "$lib" 0755
done
place "$ca_bundle" /etc/ssl/certs/ca-certificates.crt 0644

mkdir -p "$dir/etc"
cat >"$dir/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
task-mcp:x:$APP_UID:$APP_GID:task-mcp:/data:/sbin/nologin
PASSWD
cat >"$dir/etc/group" <<GROUP
root:x:0:
task-mcp:x:$APP_GID:
GROUP
# glibc's built-in defaults would consult DNS before /etc/hosts (which Docker provides).
cat >"$dir/etc/nsswitch.conf" <<NSS
passwd: files
group: files
hosts: files dns
NSS
chmod 0644 "$dir/etc/passwd" "$dir/etc/group" "$dir/etc/nsswitch.conf"
created="$created /etc/passwd /etc/group /etc/nsswitch.conf"

mkdir -p "$dir/data" "$dir/tmp"
chmod 0755 "$dir/data"
chmod 1777 "$dir/tmp"
if [ "$(id -u)" = 0 ]; then chown "$APP_UID:$APP_GID" "$dir/data"; fi
created="$created /data/ /tmp/"

printf '%s\n' $created
