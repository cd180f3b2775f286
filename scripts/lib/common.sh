# Shared helpers for the project's scripts. Source it; do not run it.

# The Debian packages a Soft-RoCE guest needs on the host.
RXE_GUEST_PACKAGES="qemu-system-x86 linux-image-amd64 rdma-core ibverbs-providers ibverbs-utils \
librdmacm1 rdmacm-utils perftest busybox-static cpio libibverbs-dev librdmacm-dev iproute2 kmod"

# JVM options for the tests' JVMs inside an emulated guest (Maven's, the test JVMs but verbs-core's, and the JVMs and
# containers tests start): the JIT competes with the application for the guest's one emulation thread, and with C1
# only, one compiler thread and the serial collector a Spring Boot application started there in 118 s instead of 212.
GUEST_JVM_OPTIONS="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC"

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

# Fails with the install command unless a JDK 17+ and the checkout's Maven wrapper can run.
ensure_java() {
  command -v java >/dev/null && command -v javac >/dev/null || {
    [ "$(id -u)" -eq 0 ] && ensure_packages openjdk-17-jdk-headless \
      || die "no JDK found. Run: sudo apt-get install -y openjdk-17-jdk-headless (any JDK 17 or newer works)"
  }
}

# Prints the class path of verbs-core (its classes and dependencies), building it first when needed.
verbs_core_classpath() {
  local root cpfile
  root=$(project_root)
  cpfile="$root/verbs-core/target/classpath.txt"
  if [ ! -f "$cpfile" ] || [ ! -f "$root/verbs-core/target/classes/io/rdmaspring/verbs/RdmaInfo.class" ] \
     || [ -n "$(find "$root/verbs-core/src/main" "$root/verbs-core/pom.xml" -newer "$cpfile" -print -quit)" ]; then
    log "building verbs-core"
    (cd "$root" && ./mvnw -B -q -pl verbs-core -am install -DskipTests \
      && ./mvnw -B -q -pl verbs-core dependency:build-classpath -Dmdep.includeScope=runtime \
           -Dmdep.outputFile=target/classpath.txt) >&2 || die "building verbs-core failed; run ./mvnw -pl verbs-core install to see why"
  fi
  printf '%s:%s' "$root/verbs-core/target/classes" "$(cat "$cpfile")"
}

# True when this host has an RDMA device with an ACTIVE port whose uverbs file this user can open.
host_has_rdma_device() {
  local dev port
  for dev in /sys/class/infiniband/*; do
    [ -d "$dev" ] || continue
    for port in "$dev"/ports/*/state; do
      grep -q ACTIVE "$port" 2>/dev/null || continue
      for uv in "$dev"/device/infiniband_verbs/* /sys/class/infiniband_verbs/*; do
        [ -r "/dev/infiniband/${uv##*/}" ] && [ -w "/dev/infiniband/${uv##*/}" ] && return 0
      done
    done
  done
  return 1
}
