#!/usr/bin/env bash
# The HTTP calls the ServiceNow recipe (README.md beside this file) makes, in its order, exactly as its REST Message
# methods and Flow Designer action script send them, against a running API. The test suite runs it against the
# sandbox (tests/ImmutableId.Integrations.Tests/ServiceNowRecipeTests.cs); by hand:
#   IMMUTABLEID_API=http://localhost:7071/api integrations/servicenow/recipe-calls.sh
# The one substitution: ServiceNow gets its token from Entra ID through the OAuth profile (client credentials,
# POST https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token, scope api://…/.default); against the sandbox the
# script takes a sandbox token (POST /_sandbox/token) instead. Needs curl and jq. Exits non-zero at the first
# answer that is not what the recipe expects.
set -euo pipefail
API=${IMMUTABLEID_API:?set IMMUTABLEID_API to the API base, e.g. http://localhost:7071/api}
UPN=${RECIPE_UPN:-adele.vance@contoso.com}
REFUSED_UPN=${RECIPE_REFUSED_UPN:-diego.siciliani@contoso.com}
SECOND_UPN=${RECIPE_SECOND_UPN:-zoe.muller@contoso.com}   # a second user on the same ticket
TICKET=INC0012345
SYS_ID=46d44a5fa9fe198100d5b5fd4e2f3a11    # the incident's sys_id: the Idempotency-Key is built from it and the user
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

TOKEN=${IMMUTABLEID_TOKEN:-$(curl -sf -X POST "${API%/api}/_sandbox/token" | jq -r .access_token)}

# call NAME METHOD URL [extra curl args…]: one REST Message method; sets STATUS, BODY (file), HEADERS (file).
call() {
  local name=$1 method=$2 url=$3; shift 3
  BODY=$work/$name.json HEADERS=$work/$name.headers
  STATUS=$(curl -s -o "$BODY" -D "$HEADERS" -w '%{http_code}' -X "$method" "$url" \
    -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' "$@")
  echo "$name: $method ${url#"$API"} -> $STATUS"
}
header() { grep -i "^$1:" "$HEADERS" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
expect() { if [ "$1" != "$2" ]; then echo "FAILED: $3: expected '$2', got '$1'"; cat "$BODY"; echo; exit 1; fi; }
user=$(jq -rn --arg u "$UPN" '$u|@uri')                 # encodeURIComponent(upn) in the action script
refused=$(jq -rn --arg u "$REFUSED_UPN" '$u|@uri')
# The write's key: "immutableid-<set|clear>-<sys_id>-<SHA-256 hex of the lower-cased UPN>" (the action script:
# new GlideDigest().getSHA256Hex(inputs.upn.toLowerCase())): one per ticket and user, printable ASCII whatever the UPN.
user_key() { printf %s "$1" | tr '[:upper:]' '[:lower:]' | sha256sum | cut -c1-64; }
KEY="immutableid-set-$SYS_ID-$(user_key "$UPN")"
body=$(jq -cn --arg t "$TICKET" --arg r "InvalidSoftMatch (from $TICKET)" '{ticket:$t, reason:$r, source:"auto"}')

# 1. Method "Get status": GET /users/${user}/immutable-id
call get_status GET "$API/users/$user/immutable-id"
expect "$STATUS" 200 "Get status"
expect "$(jq -r .matchState "$BODY")" notSet "matchState before"

# 2. Method "Set immutable ID" with dry_run=true (the action's first call): every check, nothing written; a fresh key
#    (gs.generateGUID()), since the method always sends the Idempotency-Key header.
call set_dry_run PUT "$API/users/$user/immutable-id?dryRun=true" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: \"immutableid-plan-$(cat /proc/sys/kernel/random/uuid | tr -d -)\"" --data "$body"
expect "$STATUS" 200 "Set immutable ID (dry run)"
expect "$(jq -r .outcome "$BODY")" planned "dry-run outcome"
planned=$(jq -r .after "$BODY")

# 3. Method "Set immutable ID" with dry_run=false: Idempotency-Key "immutableid-set-<sys_id>-<user hash>".
call set PUT "$API/users/$user/immutable-id?dryRun=false" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: \"$KEY\"" --data "$body"
expect "$STATUS" 200 "Set immutable ID"
expect "$(jq -r .outcome "$BODY")" succeeded "outcome"
expect "$(jq -r .matchState "$BODY")" matched "matchState after"
expect "$(jq -r .cloud.onPremisesImmutableId "$BODY")" "$planned" "immutable ID written = the dry run's after"
operation=$(header X-Operation-Id)
[ -n "$operation" ] || { echo "FAILED: no X-Operation-Id"; exit 1; }
echo "work note: ImmutableId: hard match succeeded for $UPN; onPremisesImmutableId = $(jq -r .after "$BODY") (anchor $(jq -r .anchor.guid "$BODY"), source $(jq -r .anchor.source "$BODY")); audit record $operation. Next: $(jq -r '.nextSteps[0]' "$BODY")"

# 4. The flow retried (same action, same sys_id): the stored answer again, nothing written twice.
call set_retried PUT "$API/users/$user/immutable-id?dryRun=false" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: \"$KEY\"" --data "$body"
expect "$STATUS" 200 "Set immutable ID (retried)"
expect "$(header Idempotent-Replayed)" true "Idempotent-Replayed"
expect "$(header X-Operation-Id)" "$operation" "same audit record"

# 4b. A second user on the same ticket: its own key, its own write. (A key from the sys_id alone would be the first
#     user's key with another request: 422 IdempotencyKeyReused, shown here so the reason for the rule stays checked.)
second=$(jq -rn --arg u "$SECOND_UPN" '$u|@uri')
call set_second_user_old_key PUT "$API/users/$second/immutable-id?dryRun=false" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: \"$KEY\"" --data "$body"
expect "$STATUS" 422 "Set immutable ID, second user with the first user's key"
expect "$(jq -r .code "$BODY")" IdempotencyKeyReused "problem_code"
call set_second_user PUT "$API/users/$second/immutable-id?dryRun=false" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: \"immutableid-set-$SYS_ID-$(user_key "$SECOND_UPN")\"" --data "$body"
expect "$STATUS" 200 "Set immutable ID, second user on the same ticket"
expect "$(jq -r .outcome "$BODY")" succeeded "second user's outcome"
[ "$(header X-Operation-Id)" != "$operation" ] || { echo "FAILED: the second user got the first user's answer"; exit 1; }

# 5. Method "Get operation": GET /operations/${operation_id} (the link in the work note).
call get_operation GET "$API/operations/$operation"
expect "$STATUS" 200 "Get operation"
expect "$(jq -r .ticket "$BODY")" "$TICKET" "ticket in the audit record"
expect "$(jq -r .outcome "$BODY")" succeeded "audit outcome"

# 6. A refusal: the action's outputs problem_code and problem_detail come from the problem+json body.
call set_refused PUT "$API/users/$refused/immutable-id?dryRun=false" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: \"immutableid-set-$SYS_ID-$(user_key "$REFUSED_UPN")\"" --data "$body"
expect "$STATUS" 403 "Set immutable ID (refused)"
expect "$(jq -r .code "$BODY")" PrivilegedTarget "problem_code"
expect "$(jq -r '[.blockers[].code] | index("ProtectedOnPremAccount") != null' "$BODY")" true "every blocker listed"
expect "$(jq -r .written "$BODY")" false "nothing written"
echo "work note: ImmutableId refused the hard match for $REFUSED_UPN: $(jq -r .code "$BODY") — $(jq -r .detail "$BODY") (blockers: $(jq -r '[.blockers[].code] | join(", ")' "$BODY"); trace $(jq -r .traceId "$BODY"))"

# 7. Method "Clear immutable ID": DELETE, no body, ticket and reason as query parameters, key "immutableid-clear-<sys_id>-<user hash>".
reason=$(jq -rn --arg r "Wrong anchor (from $TICKET)" '$r|@uri')
call clear DELETE "$API/users/$user/immutable-id?dryRun=false&ticket=$TICKET&reason=$reason" \
  -H "Idempotency-Key: \"immutableid-clear-$SYS_ID-$(user_key "$UPN")\""
expect "$STATUS" 200 "Clear immutable ID"
expect "$(jq -r .outcome "$BODY")" succeeded "clear outcome"
expect "$(jq -r .matchState "$BODY")" notSet "matchState after clear"
expect "$(jq -r .cloud.onPremisesImmutableId "$BODY")" null "immutable ID after clear"
call get_clear_operation GET "$API/operations/$(header X-Operation-Id)"
expect "$(jq -r .reason "$BODY")" "Wrong anchor (from $TICKET)" "reason in the audit record"

echo "servicenow recipe: every call answered as documented"
