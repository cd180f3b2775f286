# Shared helpers for the project's scripts. Source it; do not run it.

# The Debian packages a Soft-RoCE guest needs on the host.
RXE_GUEST_PACKAGES="qemu-system-x86 linux-image-amd64 rdma-core ibverbs-providers ibverbs-utils \
librdmacm1 rdmacm-utils perftest busybox-static cpio libibverbs-dev librdmacm-dev iproute2 kmod"

log() { printf '[%s] %s\n' "${0##*/}" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# Installs missing Debian packages when root; otherwise prints the exact command and fails.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}. Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed; check the network, then rerun"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed; run it by hand to see why"
}

# The project's root directory.
project_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }
