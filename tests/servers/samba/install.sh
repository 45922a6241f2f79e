#!/usr/bin/env bash
# Installs what a fresh machine lacks for the Samba AD DC test server (idempotent; ~30 s on a fresh Debian 12).
# apt-based distributions only (Debian 12/13, Ubuntu 22.04/24.04); the OpenLDAP client library that
# System.DirectoryServices.Protocols loads is picked by what the distribution ships (libldap-2.5-0 or libldap2).
set -euo pipefail
has_libldap() { ls /usr/lib/*/libldap-2.5.so.0 /usr/lib/*/libldap.so.2 >/dev/null 2>&1; }
need=0
command -v samba >/dev/null || need=1
[ -d /usr/share/samba/setup/ad-schema ] || need=1
command -v ldapsearch >/dev/null || need=1
command -v kinit >/dev/null || need=1
command -v openssl >/dev/null || need=1
has_libldap || need=1
[ "$need" = 0 ] && { echo "samba: packages already installed"; exit 0; }
if ! command -v apt-get >/dev/null; then
  . /etc/os-release 2>/dev/null || true
  echo "samba: unsupported distribution '${PRETTY_NAME:-unknown}': the test servers install with apt-get (Debian 12/13, Ubuntu 22.04/24.04)." >&2
  echo "samba: install by hand samba (AD DC), ldap-utils, krb5-user, openssl and the OpenLDAP client library, or run ./test.sh on Debian/Ubuntu." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
libldap=
for candidate in libldap-2.5-0 libldap2 libldap-2.6-0; do
  if apt-cache show "$candidate" >/dev/null 2>&1; then libldap=$candidate; break; fi
done
[ -n "$libldap" ] || { echo "samba: no OpenLDAP client library package (libldap-2.5-0, libldap2) in this distribution's apt sources" >&2; exit 1; }
apt-get install -y -qq --no-install-recommends \
  samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules \
  ldap-utils ldb-tools krb5-user libsasl2-modules-gssapi-mit openssl "$libldap" >/dev/null
echo "samba: packages installed (LDAP client library: $libldap)"
