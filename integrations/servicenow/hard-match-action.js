// The Flow Designer action "ImmutableId: hard match user": its Script step, pasted as is (README.md, section 4).
// Runs in ServiceNow's global scope (gs.sleep). The recipe's check runs this very file in Node with the ServiceNow APIs
// it uses (run-action.js) against the sandbox and against a stub that answers 409/429/503, slowly, or with HTML.
(function execute(inputs, outputs) {
    var MAX_RETRIES = 3;          // transient answers are retried at most this many times per call
    var MAX_WAIT_SECONDS = 30;    // a longer Retry-After is cut to this; no Retry-After waits 5 s
    var TIMEOUT_MS = 60000;       // per attempt

    function parseBody(text) {
        if (!text) return { value: {} };
        try { return { value: JSON.parse(text) }; } catch (e) { return { value: {}, notJson: true }; }
    }
    function retryAfterSeconds(value) {
        var seconds = parseInt(value, 10);
        if (isNaN(seconds)) {                                   // an HTTP date
            var at = Date.parse(value);
            seconds = isNaN(at) ? 5 : Math.ceil((at - new Date().getTime()) / 1000);
        }
        return Math.max(1, Math.min(seconds, MAX_WAIT_SECONDS));
    }
    // Worth waiting for: throttled (429), unavailable (503), or another write on the same user / the same key still
    // running (409 UserBusy, IdempotencyKeyInProgress). Other 409s (AnchorInUse…) are refusals.
    function transient(status, body) {
        return status == 429 || status == 503 ||
            (status == 409 && (body.code == 'UserBusy' || body.code == 'IdempotencyKeyInProgress'));
    }
    // One REST Message method call, retried after Retry-After while the answer is transient.
    // Returns { kind: 'answer' | 'timeout' | 'noAnswer' | 'notJson', status, body, operationId, attempts, … }.
    function call(method, vars, body) {
        for (var attempt = 1; ; attempt++) {
            var r = new sn_ws.RESTMessageV2('ImmutableId API', method);
            for (var name in vars) r.setStringParameterNoEscape(name, vars[name]);
            if (body) r.setRequestBody(JSON.stringify(body));
            r.setHttpTimeout(TIMEOUT_MS);
            var response, error = null;
            try { response = r.execute(); } catch (e) { error = String(e.message || e); }
            var status = response ? response.getStatusCode() : 0;
            if (!error && response.haveError() && status == 0) error = response.getErrorMessage();
            if (error) {   // no HTTP answer at all
                return { kind: /timed? ?out/i.test(error) ? 'timeout' : 'noAnswer', status: 0, body: {}, error: error, attempts: attempt };
            }
            var text = response.getBody();
            var parsed = parseBody(text);
            if (parsed.notJson) {
                return { kind: 'notJson', status: status, body: {}, attempts: attempt,
                         contentType: response.getHeader('Content-Type') || '', excerpt: String(text).substring(0, 200) };
            }
            if (transient(status, parsed.value) && attempt <= MAX_RETRIES) {
                gs.sleep(retryAfterSeconds(response.getHeader('Retry-After')) * 1000);
                continue;
            }
            return { kind: 'answer', status: status, body: parsed.value, attempts: attempt,
                     transient: transient(status, parsed.value), operationId: response.getHeader('X-Operation-Id') };
        }
    }
    var user = encodeURIComponent(inputs.upn);
    var body = { ticket: inputs.ticket_number, reason: inputs.reason || ('Hard match requested in ' + inputs.ticket_number), source: 'auto' };

    // 1. Dry run: every guardrail and the exact value, nothing written. The method always sends Idempotency-Key: a fresh one here.
    var plan = call('Set immutable ID', { user: user, dry_run: 'true', idempotency_key: '"immutableid-plan-' + gs.generateGUID() + '"' }, body);
    var result = plan;
    // 2. The write, keyed on the ticket's sys_id and the user: a retried flow gets the first answer again and never
    //    writes twice; a second user on the same ticket has its own key (a hash: printable ASCII for any UPN).
    if (plan.kind == 'answer' && plan.status == 200 && String(inputs.dry_run) != 'true') {
        var key = '"immutableid-set-' + inputs.ticket_sys_id + '-' + new GlideDigest().getSHA256Hex(String(inputs.upn).toLowerCase()) + '"';
        result = call('Set immutable ID', { user: user, dry_run: 'false', idempotency_key: key }, body);
    }

    outputs.http_status = result.status;
    outputs.attempts = result.attempts;
    outputs.operation_id = result.operationId || '';
    outputs.immutable_id = '';
    outputs.problem_code = '';
    outputs.problem_detail = '';
    if (result.kind == 'timeout' || result.kind == 'noAnswer') {
        // No answer: the write may or may not have happened. Running the action again is safe (same Idempotency-Key).
        outputs.outcome = result.kind == 'timeout' ? 'timeout' : 'failed';
        outputs.problem_code = result.kind == 'timeout' ? 'Timeout' : 'NoAnswer';
        outputs.problem_detail = result.error;
        outputs.work_note = 'ImmutableId did not answer the hard match for ' + inputs.upn + ' (' + result.error + '). ' +
            'Run the action again: the same ticket and user reuse the same Idempotency-Key, so nothing is written twice.';
    } else if (result.kind == 'notJson') {
        // Not the API's answer (a proxy or gateway page, a login page): report what came back, never throw.
        outputs.outcome = 'failed';
        outputs.problem_code = 'NotJson';
        outputs.problem_detail = 'HTTP ' + result.status + ' ' + result.contentType + ': ' + result.excerpt;
        outputs.work_note = 'ImmutableId: the answer to the hard match for ' + inputs.upn + ' was not JSON (HTTP ' +
            result.status + ', ' + (result.contentType || 'no Content-Type') + '); check the REST Message endpoint and any proxy in between.';
    } else if (result.status == 200) {
        outputs.outcome = result.body.outcome;              // planned | succeeded | noChange
        outputs.immutable_id = result.body.after || '';
        outputs.work_note = 'ImmutableId: hard match ' + result.body.outcome + ' for ' + inputs.upn +
            '; onPremisesImmutableId = ' + result.body.after + ' (anchor ' + result.body.anchor.guid + ', source ' + result.body.anchor.source + ')' +
            '; audit record ' + outputs.operation_id + '. Next: ' + (result.body.nextSteps[0] || '');
    } else {
        var blockers = (result.body.blockers || []).map(function (b) { return b.code; }).join(', ');
        outputs.outcome = result.transient ? 'busy' : 'refused';   // busy: still 409/429/503 after the retries
        outputs.problem_code = result.body.code || ('HTTP' + result.status);
        outputs.problem_detail = result.body.detail || '';
        outputs.work_note = 'ImmutableId ' + (result.transient ? 'was still busy after ' + result.attempts + ' attempts' : 'refused the hard match') +
            ' for ' + inputs.upn + ': ' + outputs.problem_code + ' — ' + outputs.problem_detail + (blockers ? ' (blockers: ' + blockers + ')' : '') +
            (result.body.traceId ? ' (trace ' + result.body.traceId + ')' : '') + (result.transient ? '. Run the action again later.' : '');
    }
})(inputs, outputs);
