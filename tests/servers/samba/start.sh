#!/usr/bin/env bash
# Provisions a throw-away Samba AD DC under $IMMUTABLEID_TEST_STATE/samba-dc, starts it on 127.0.0.1
# (LDAP 389, LDAPS 636, GC 3268/3269, KDC 88/464: fixed by Samba), seeds the test users, and appends the
# connection settings to $IMMUTABLEID_TEST_ENV. Adapted from shared/reference/samba-dc-start.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${IMMUTABLEID_TEST_STATE:?set IMMUTABLEID_TEST_STATE (./test.sh does)}"
: "${IMMUTABLEID_TEST_ENV:?set IMMUTABLEID_TEST_ENV (./test.sh does)}"
DC_DIR=$IMMUTABLEID_TEST_STATE/samba-dc
REALM=CORP.CONTOSO.TEST
DOMAIN=CORP
BASE_DN="DC=${REALM,,}"; BASE_DN=${BASE_DN//./,DC=}
HOST=dc1; FQDN="$HOST.${REALM,,}"
TEST_OU="OU=ImmutableId,$BASE_DN"
# A test-only password for this throw-away DC, made fresh on every start (never committed, never used elsewhere).
ADMIN_PASS="Test-$(openssl rand -hex 8)-Aa1!"
t0=$(date +%s%N); el() { local d=$(( ($(date +%s%N)-t0)/100000000 )); echo "$((d/10)).$((d%10))s"; }
command -v samba >/dev/null || { echo "samba is not installed: run $HERE/install.sh"; exit 1; }

# 1. stop a previous instance of this dir, wipe, provision
DC_DIR=$DC_DIR "$HERE/stop.sh" >/dev/null || true
rm -rf "$DC_DIR"; mkdir -p "$DC_DIR"/{etc,run,log,cache,tls}
: > "$DC_DIR/empty.conf"      # keeps /etc/samba/smb.conf out of the provision
samba-tool domain provision --configfile="$DC_DIR/empty.conf" --targetdir="$DC_DIR" \
  --realm="$REALM" --domain="$DOMAIN" --server-role=dc --dns-backend=NONE \
  --host-name=$HOST --host-ip=127.0.0.1 --adminpass="$ADMIN_PASS" \
  --option="interfaces=lo" --option="bind interfaces only=yes" >"$DC_DIR/log/provision.log" 2>&1 \
  || { tail -30 "$DC_DIR/log/provision.log"; exit 1; }
echo "[$(el)] samba: provisioned $REALM"

# 2. TLS: CA + server cert with SAN dc1.<realm>, localhost, 127.0.0.1; a second CA nobody trusts (negative tests)
( cd "$DC_DIR/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Samba Test CA" -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$FQDN" -keyout key.pem -out req.csr 2>/dev/null
  printf "subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" "$FQDN" > ext.cnf
  openssl x509 -req -in req.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile ext.cnf -out cert.pem 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Untrusted Test CA" -keyout other-ca.key -out other-ca.pem 2>/dev/null
  chmod 600 key.pem ca.key other-ca.key
  mkdir -p ca-dir && cp ca.pem ca-dir/samba-test-ca.pem && (openssl rehash ca-dir >/dev/null 2>&1 || true) )

# 3. test-friendly settings, everything private to $DC_DIR
sed -i "/^\tserver services = /d" "$DC_DIR/etc/smb.conf"
sed -i "/^\[global\]/a\\
\tserver services = ldap, kdc\\
\tldap server require strong auth = no\\
\ttls enabled = yes\\
\ttls keyfile = $DC_DIR/tls/key.pem\\
\ttls certfile = $DC_DIR/tls/cert.pem\\
\ttls cafile = $DC_DIR/tls/ca.pem\\
\tdisable netbios = yes\\
\tpid directory = $DC_DIR/run\\
\tncalrpc dir = $DC_DIR/run/ncalrpc\\
\twinbindd socket directory = $DC_DIR/run/winbindd\\
\tntp signd socket directory = $DC_DIR/run/ntp_signd\\
\tlog file = $DC_DIR/log/samba.log\\
\tlogging = file\\
\tlog level = 1" "$DC_DIR/etc/smb.conf"
printf '[libdefaults]\n default_realm = %s\n dns_lookup_kdc = false\n rdns = false\n dns_canonicalize_hostname = false\n[realms]\n %s = {\n  kdc = 127.0.0.1\n }\n[domain_realm]\n localhost = %s\n' \
  "$REALM" "$REALM" "$REALM" > "$DC_DIR/krb5.conf"
samba-tool spn add ldap/localhost "$HOST\$" -s "$DC_DIR/etc/smb.conf" >/dev/null
# password resets in the rotation test must not trip history or minimum age
samba-tool domain passwordsettings set --history-length=0 --min-pwd-age=0 --max-pwd-age=0 \
  -s "$DC_DIR/etc/smb.conf" >/dev/null

# 5. start (daemonizes; pid in $DC_DIR/run/samba.pid) and wait for an authenticated LDAP answer
samba -s "$DC_DIR/etc/smb.conf" -l "$DC_DIR/log" -D
for i in $(seq 1 600); do
  if ldapsearch -x -LLL -o nettimeout=2 -H ldap://127.0.0.1 -D "Administrator@$REALM" -w "$ADMIN_PASS" \
       -s base -b "$BASE_DN" dn >/dev/null 2>&1; then break; fi
  [ "$i" = 600 ] && { echo "DC did not come up"; tail -50 "$DC_DIR/log/samba.log"; exit 1; }
  sleep 0.1
done
echo "[$(el)] samba: DC up, pid $(cat "$DC_DIR/run/samba.pid")"

# 6. the named test users, through one ldapadd
"$HERE/seed-ldif.sh" users "$TEST_OU" "$REALM" > "$DC_DIR/users.ldif"
ldapadd -x -o nettimeout=10 -H ldap://127.0.0.1 -D "Administrator@$REALM" -w "$ADMIN_PASS" \
  -f "$DC_DIR/users.ldif" >"$DC_DIR/log/users.log" 2>&1 || { tail -20 "$DC_DIR/log/users.log"; exit 1; }
# the snapshot the LDIF directory is compared with: exactly what ldapsearch prints
ldapsearch -x -LLL -o ldif-wrap=76 -H ldap://127.0.0.1 -D "Administrator@$REALM" -w "$ADMIN_PASS" \
  -b "OU=Staff,$TEST_OU" "(objectClass=user)" objectGUID mS-DS-ConsistencyGuid userPrincipalName sAMAccountName \
  mail proxyAddresses userAccountControl adminCount whenChanged objectClass > "$DC_DIR/staff-export.ldif"
# 7. the 10,000 bulk users: one ldapadd, in the background (Samba adds ~50-100 users/s on a shared 2-core
#    machine, so waiting here would take minutes); it writes $BULK_DONE when finished and the bulk test waits for it.
BULK_DONE=$DC_DIR/bulk.done
"$HERE/seed-ldif.sh" bulk "$TEST_OU" "$REALM" > "$DC_DIR/bulk.ldif"
( if ldapadd -x -o nettimeout=30 -H ldap://127.0.0.1 -D "Administrator@$REALM" -w "$ADMIN_PASS" \
      -f "$DC_DIR/bulk.ldif" >"$DC_DIR/log/bulk.log" 2>&1; then echo ok > "$BULK_DONE"; else echo failed > "$BULK_DONE"; fi ) \
  </dev/null >/dev/null 2>&1 &
echo $! > "$DC_DIR/run/bulk-ldapadd.pid"
echo "[$(el)] samba: test users seeded ($(grep -c '^dn:' "$DC_DIR/users.ldif") entries; 10000 bulk users loading in the background)"

cat >> "$IMMUTABLEID_TEST_ENV" <<ENV
SAMBA_LDAP_HOST=127.0.0.1
SAMBA_LDAP_PORT=389
SAMBA_LDAPS_PORT=636
SAMBA_BASE_DN=$BASE_DN
SAMBA_TEST_OU=$TEST_OU
SAMBA_BIND_USER=Administrator@$REALM
SAMBA_BIND_PASSWORD=$ADMIN_PASS
SAMBA_CA_CERT=$DC_DIR/tls/ca.pem
SAMBA_CA_DIR=$DC_DIR/tls/ca-dir
SAMBA_UNTRUSTED_CA_CERT=$DC_DIR/tls/other-ca.pem
SAMBA_DC_DIR=$DC_DIR
SAMBA_REALM=$REALM
SAMBA_DOMAIN=$DOMAIN
SAMBA_KRB5_CONFIG=$DC_DIR/krb5.conf
SAMBA_EXPORT_LDIF=$DC_DIR/staff-export.ldif
SAMBA_BULK_DONE=$BULK_DONE
ENV
