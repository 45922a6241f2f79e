#!/usr/bin/env bash
# Installs what a fresh machine lacks for the Samba AD DC test server (idempotent; ~30 s on a fresh Debian 12).
set -euo pipefail
need=0
command -v samba >/dev/null || need=1
[ -d /usr/share/samba/setup/ad-schema ] || need=1
command -v ldapsearch >/dev/null || need=1
command -v kinit >/dev/null || need=1
command -v openssl >/dev/null || need=1
ls /usr/lib/*/libldap-2.5.so.0 >/dev/null 2>&1 || need=1
[ "$need" = 0 ] && { echo "samba: packages already installed"; exit 0; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules \
  ldap-utils ldb-tools krb5-user libsasl2-modules-gssapi-mit openssl libldap-2.5-0 >/dev/null
echo "samba: packages installed"
