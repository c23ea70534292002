#!/usr/bin/env bash
# Installs what the scenario lab needs, when missing. Idempotent: a second run changes nothing.
#   - Debian packages: vsftpd lftp curl python3 tcpdump tshark nftables iproute2 ethtool procps openssl
#     (openssl: the self-signed certificate of the FTPS scenarios, made per run)
#   - proftpd and pure-ftpd conflict as packages (both provide ftp-server), so they are downloaded
#     with `apt-get download` and unpacked with `dpkg -x` into lab/build/root/<name>, never installed.
set -euo pipefail
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${LAB_BUILD:-$LAB_DIR/build}"
export DEBIAN_FRONTEND=noninteractive

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: must run as root" >&2
  exit 1
fi

updated=0
apt_update_once()
{
  if [[ $updated -eq 0 ]]; then
    apt-get update -qq
    updated=1
  fi
}

# command -> package
declare -A NEED=(
  [vsftpd]=vsftpd [lftp]=lftp [curl]=curl [python3]=python3 [tcpdump]=tcpdump [tshark]=tshark
  [nft]=nftables [ip]=iproute2 [ethtool]=ethtool [sysctl]=procps [ss]=iproute2 [ldd]=libc-bin [openssl]=openssl
)
missing=()
for cmd in "${!NEED[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1 && ! [[ -x /usr/sbin/$cmd || -x /sbin/$cmd ]]; then
    missing+=("${NEED[$cmd]}")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  apt_update_once
  # tshark asks whether non-root users may capture; preseed "no".
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  # shellcheck disable=SC2046
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi
# Anonymous FTP runs as the "ftp" system user (the vsftpd package normally creates it).
if ! getent passwd ftp >/dev/null; then
  useradd --system --home-dir /srv/ftp --no-create-home --shell /usr/sbin/nologin ftp
fi
mkdir -p "$(getent passwd ftp | cut -d: -f6)" /var/run/vsftpd/empty

# vsftpd's package starts a system instance on port 21 of the host namespace; the lab runs its own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet vsftpd 2>/dev/null; then
  systemctl stop vsftpd || true
fi

# proftpd + pure-ftpd: unpack only.
mkdir -p "$BUILD/debs" "$BUILD/root"
unpack()
{
  local name=$1
  shift
  local dest="$BUILD/root/$name"
  if [[ -f "$dest/.done" ]]; then
    return 0
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  for pkg in "$@"; do
    if ! ls "$BUILD/debs/${pkg}"_*.deb >/dev/null 2>&1; then
      apt_update_once
      (cd "$BUILD/debs" && apt-get download -qq -o APT::Sandbox::User=root "$pkg")
    fi
  done
  for pkg in "$@"; do
    dpkg -x "$(ls "$BUILD/debs/${pkg}"_*.deb | head -1)" "$dest"
  done
  touch "$dest/.done"
}
unpack proftpd proftpd-core
unpack pure-ftpd pure-ftpd

# Libraries the unpacked binaries need: the packages' own "lib*" dependencies, installed as regular packages
# (libraries do not conflict). Then check with ldd that nothing is left unresolved.
lib_deps=()
for deb in "$BUILD"/debs/proftpd-core_*.deb "$BUILD"/debs/pure-ftpd_*.deb; do
  for dep in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/\|.*//; s/ //g' | grep '^lib'); do
    if ! dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q 'install ok installed'; then
      lib_deps+=("$dep")
    fi
  done
done
if [[ ${#lib_deps[@]} -gt 0 ]]; then
  apt_update_once
  apt-get install -y -qq --no-install-recommends "${lib_deps[@]}" >/dev/null
fi
for bin in "$BUILD/root/proftpd/usr/sbin/proftpd" "$BUILD/root/pure-ftpd/usr/sbin/pure-ftpd"; do
  if ldd "$bin" | grep -q 'not found'; then
    echo "install-deps.sh: $bin misses libraries:" >&2
    ldd "$bin" | grep 'not found' >&2
    exit 1
  fi
done
echo "install-deps.sh: ok ($BUILD/root: $(ls "$BUILD/root" | tr '\n' ' '))"
