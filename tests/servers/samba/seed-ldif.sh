#!/usr/bin/env bash
# Writes the seed LDIF for the test DC. Usage: seed-ldif.sh users|bulk <test OU DN> <REALM>
# users: the named test users (added over LDAP); bulk: OU=Bulk + 10,000 users without UPN (Samba's UPN uniqueness check makes UPNs quadratic).
set -euo pipefail
KIND=$1 OU=$2 REALM=$3
user() { # cn sam upn uac [extra attribute lines...]
  local cn=$1 sam=$2 upn=$3 uac=$4 parent=$5; shift 5
  printf 'dn: CN=%s,%s\nobjectClass: user\nsAMAccountName: %s\nuserPrincipalName: %s\nuserAccountControl: %s\n' \
    "$cn" "$parent" "$sam" "$upn" "$uac"
  for line in "$@"; do printf '%s\n' "$line"; done
  printf '\n'
}
# 544 = NORMAL_ACCOUNT | PASSWD_NOTREQD (enabled, no password needed); 546 adds ACCOUNTDISABLE.
case "$KIND" in
bulk)
  printf 'dn: OU=Bulk,%s\nobjectClass: organizationalUnit\n\n' "$OU"
  for i in $(seq -w 1 10000); do
    printf 'dn: CN=bulk%s,OU=Bulk,%s\nobjectClass: user\nsAMAccountName: bulk%s\nuserAccountControl: 544\n\n' \
      "$i" "$OU" "$i"
  done ;;
users)
  STAFF="OU=Staff,$OU"
  printf 'dn: %s\nobjectClass: organizationalUnit\n\n' "$OU"
  printf 'dn: %s\nobjectClass: organizationalUnit\n\n' "$STAFF"
  printf 'dn: OU=Other,%s\nobjectClass: organizationalUnit\n\n' "$OU"
  user "John Doe" jdoe "john.doe@corp.contoso.test" 544 "$STAFF" "mail: john.doe@contoso.com" \
    "proxyAddresses: SMTP:john.doe@contoso.com" "proxyAddresses: smtp:jd@contoso.com"
  # consistency GUID 00 01 02 … 0f (ImmutableId AAECAwQFBgcICQoLDA0ODw==), different from its objectGUID
  user "Carla Guid" cguid "carla.guid@corp.contoso.test" 544 "$STAFF" "mS-DS-ConsistencyGuid:: AAECAwQFBgcICQoLDA0ODw=="
  user "Dora Disabled" ddisabled "dora.disabled@corp.contoso.test" 546 "$STAFF"
  user "Adam Admin" aadmin "adam.admin@corp.contoso.test" 544 "$STAFF" "adminCount: 1"
  user "Shared One" shared1 "shared.one@corp.contoso.test" 544 "$STAFF" "mail: shared@contoso.com"
  user "Shared Two" shared2 "shared.two@corp.contoso.test" 544 "$STAFF" "mail: shared@contoso.com"
  # the Entra emulator's demo tenant users (the apostrophe UPN among them)
  user "Adele Vance" AdeleV "adele.vance@contoso.com" 544 "$STAFF" "mail: adele.vance@contoso.com" \
    "proxyAddresses: SMTP:adele.vance@contoso.com"
  user "Alex Wilber" AlexW "alex.wilber@contoso.com" 544 "$STAFF" "mail: alex.wilber@contoso.com"
  user "Megan O'Brien" MeganO "megan.o'brien@contoso.com" 544 "$STAFF" "mail: megan.o'brien@contoso.com"
  user "Olga Other" oother "olga.other@corp.contoso.test" 544 "OU=Other,$OU" "mail: olga.other@contoso.com"
  # the hard-match end-to-end tests: one cloud guardrail each (tests/ImmutableId.EndToEnd.Tests/EndToEndSeed.cs)
  user "Greta Active" gactive "greta.active@corp.contoso.test" 544 "$STAFF"
  user "Eli Eligible" eeligible "eli.eligible@corp.contoso.test" 544 "$STAFF"
  user "Gil Group" ggroup "gil.group@corp.contoso.test" 544 "$STAFF"
  # consistency GUID 10 11 … 1f (ImmutableId EBESExQVFhcYGRobHB0eHw==), already held by another cloud user
  user "Ana InUse" ainuse "ana.inuse@corp.contoso.test" 544 "$STAFF" "mS-DS-ConsistencyGuid:: EBESExQVFhcYGRobHB0eHw=="
  user "Fred Federated" ffederated "fred.federated@fabrikam.test" 544 "$STAFF"
  user "Gus Guest" gguest "gus.guest@corp.contoso.test" 544 "$STAFF"
  user "Otto Outside" ooutside "otto.outside@outside.test" 544 "$STAFF" ;;
*) echo "usage: $0 users|bulk <OU> <REALM>" >&2; exit 2 ;;
esac
