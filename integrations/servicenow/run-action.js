#!/usr/bin/env node
// Runs the Flow Designer action's script (hard-match-action.js) outside ServiceNow, with the ServiceNow APIs it
// uses implemented as the platform documents them: sn_ws.RESTMessageV2 for the REST Message "ImmutableId API" and
// its HTTP methods (README.md, section 3), RESTResponseV2 (getStatusCode 0 and haveError() when no answer came back),
// GlideDigest.getSHA256Hex, gs.generateGUID and gs.sleep. The HTTP calls are real (curl, synchronous like execute()).
//   IMMUTABLEID_API=http://127.0.0.1:7071/api node run-action.js '{"upn":"…","ticket_number":"INC…","ticket_sys_id":"…","dry_run":"true"}'
// Prints the action's outputs as one JSON object on stdout and each attempt on stderr. Needs node and curl.
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vm = require('vm');

const api = process.env.IMMUTABLEID_API;
if (!api) { console.error('set IMMUTABLEID_API to the API base, e.g. http://127.0.0.1:7071/api'); process.exit(2); }
const inputs = JSON.parse(process.argv[2] || '{}');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'servicenow-action-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

function token() {   // ServiceNow's OAuth profile gets it from Entra ID; against the sandbox: a sandbox token
  if (process.env.IMMUTABLEID_TOKEN) return process.env.IMMUTABLEID_TOKEN;
  const r = spawnSync('curl', ['-sf', '-X', 'POST', api.replace(/\/api$/, '') + '/_sandbox/token'], { encoding: 'utf8' });
  return r.status === 0 ? JSON.parse(r.stdout).access_token : 'no-token';
}
const bearer = token();

// The REST Message's HTTP methods, as README.md section 3 lists them.
const methods = {
  'Get status': { verb: 'GET', endpoint: '/users/${user}/immutable-id', headers: {} },
  'Set immutable ID': { verb: 'PUT', endpoint: '/users/${user}/immutable-id?dryRun=${dry_run}',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': '${idempotency_key}' } },
  'Clear immutable ID': { verb: 'DELETE', endpoint: '/users/${user}/immutable-id?dryRun=${dry_run}&ticket=${ticket}&reason=${reason}',
    headers: { 'Idempotency-Key': '${idempotency_key}' } },
  'Get operation': { verb: 'GET', endpoint: '/operations/${operation_id}', headers: {} },
};

class RESTResponseV2 {
  constructor(status, body, headers, error) { this._status = status; this._body = body; this._headers = headers; this._error = error; }
  getStatusCode() { return this._status; }
  getBody() { return this._body; }
  getHeader(name) { return this._headers[name.toLowerCase()] || null; }
  haveError() { return this._error !== null || this._status >= 400; }
  getErrorMessage() { return this._error || (this._status >= 400 ? 'Method failed: (' + this._status + ')' : null); }
  getErrorCode() { return this._error ? 1 : 0; }
}

class RESTMessageV2 {
  constructor(message, method) {
    if (message !== 'ImmutableId API' || !methods[method]) throw new Error('REST Message ' + message + ' / ' + method + ' not found');
    this._method = methods[method]; this._name = method; this._vars = {}; this._body = null; this._timeout = 60000;
  }
  setStringParameterNoEscape(name, value) { this._vars[name] = String(value); }
  setRequestBody(body) { this._body = body; }
  // RUN_ACTION_HTTP_TIMEOUT_MS shortens the script's 60 s timeout, so the check does not wait a minute for its timeout case.
  setHttpTimeout(ms) { this._timeout = Number(process.env.RUN_ACTION_HTTP_TIMEOUT_MS) || ms; }
  execute() {
    const fill = (s) => s.replace(/\$\{(\w+)\}/g, (_, n) => this._vars[n] ?? '');
    const url = api + fill(this._method.endpoint);
    const bodyFile = path.join(work, 'body'), headerFile = path.join(work, 'headers');
    const args = ['-s', '-o', bodyFile, '-D', headerFile, '-w', '%{http_code}', '-X', this._method.verb, url,
      '--max-time', String(this._timeout / 1000), '-H', 'Authorization: Bearer ' + bearer, '-H', 'Accept: application/json'];
    for (const [name, value] of Object.entries(this._method.headers)) args.push('-H', name + ': ' + fill(value));
    if (this._body !== null) args.push('--data-binary', this._body);
    fs.rmSync(bodyFile, { force: true }); fs.rmSync(headerFile, { force: true });
    const run = spawnSync('curl', args, { encoding: 'utf8' });
    if (run.status !== 0) {
      // What ServiceNow reports when the HTTP timeout passes or the host cannot be reached: no status, an error message.
      const error = run.status === 28 ? 'Request timed out after ' + this._timeout + ' ms' : 'No answer (curl exit ' + run.status + ')';
      console.error(`${this._name}: ${this._method.verb} ${url} -> ${error}`);
      return new RESTResponseV2(0, '', {}, error);
    }
    const headers = {};
    for (const line of fs.readFileSync(headerFile, 'utf8').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const status = Number(run.stdout);
    console.error(`${this._name}: ${this._method.verb} ${url} -> ${status}`);
    return new RESTResponseV2(status, fs.existsSync(bodyFile) ? fs.readFileSync(bodyFile, 'utf8') : '', headers, null);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const gs = {
  generateGUID: () => crypto.randomUUID().replace(/-/g, ''),
  sleep: (ms) => { console.error(`gs.sleep(${ms})`); Atomics.wait(sleeper, 0, 0, ms); },
  info: (message) => console.error(message),
};
class GlideDigest { getSHA256Hex(text) { return crypto.createHash('sha256').update(String(text), 'utf8').digest('hex').toUpperCase(); } }

const outputs = {};
const script = fs.readFileSync(path.join(__dirname, 'hard-match-action.js'), 'utf8');
vm.runInNewContext(script, { sn_ws: { RESTMessageV2 }, gs, GlideDigest, inputs, outputs, encodeURIComponent, JSON, Date, Math, String, parseInt, isNaN });
console.log(JSON.stringify(outputs));
