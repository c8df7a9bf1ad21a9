// Issue 6 "done when": an unmodified OAuth/OIDC client library (openid-client,
// with jose for JWKS) discovers a SigID tenant, obtains a client-credentials
// token, verifies it against the tenant's JWKS, introspects and revokes it.
// Usage: node e2e.mjs /path/to/sigid   (run by CTest: oidc_client_e2e)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const binary = process.argv[2];
if (!binary) throw new Error('usage: node e2e.mjs SIGID_BINARY');

// The issuer must carry the real port, so pick a free one rather than port 0.
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'sigid-e2e-'));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SIGID_')));
const kernel = spawn(binary, ['serve'], {
  cwd: dir,
  env: { ...env, SIGID_HTTP_PORT: String(port), SIGID_HTTP_PUBLIC_BASE_URL: base,
         SIGID_DATABASE_URL: 'sqlite:var/sigid.db', SIGID_LOG_LEVEL: 'warning' },
  stdio: ['ignore', 'pipe', 'inherit'],
});

try {
  const credential = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('no bootstrap credential:\n' + out)), 30000);
    kernel.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/(sigid_sys_[A-Za-z0-9_-]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    kernel.on('exit', (code) => reject(new Error(`sigid exited with ${code}:\n${out}`)));
  });
  const admin = async (method, path, body) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(base + path, {
          method, body: JSON.stringify(body),
          headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'application/json' },
        });
        const json = await res.json();
        assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      } catch (e) {
        if (attempt > 50 || e.code === 'ERR_ASSERTION') throw e;
        await new Promise((r) => setTimeout(r, 100));  // the listener may still be starting
      }
    }
  };
  await admin('POST', '/api/v1/system/tenants', { name: 'E2E', slug: 'e2e' });
  const app = await admin('POST', '/api/v1/tenants/e2e/applications',
                          { name: 'e2e', scopes: ['read', 'write'], audience: 'https://api.example' });
  const issuer = new URL(`${base}/t/e2e`);

  // Discovery (RFC 8414; the tenant is not an OpenID Provider until /authorize exists).
  const config = await client.discovery(issuer, app.client_id, app.client_secret,
                                        client.ClientSecretBasic(app.client_secret),
                                        { algorithm: 'oauth2', execute: [client.allowInsecureRequests] });
  const metadata = config.serverMetadata();
  assert.equal(metadata.issuer, issuer.href);
  assert.equal(metadata.token_endpoint, `${issuer.href}/token`);

  const tokens = await client.clientCredentialsGrant(config, { scope: 'read' });
  assert.equal(tokens.token_type.toLowerCase(), 'bearer');
  assert.equal(tokens.scope, 'read');

  // Verify the JWT against the tenant's JWKS (RFC 9068 §4 checks).
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
    issuer: issuer.href, audience: 'https://api.example', typ: 'at+jwt', algorithms: ['ES256'],
  });
  assert.equal(protectedHeader.typ, 'at+jwt');
  assert.equal(payload.client_id, app.client_id);
  assert.equal(payload.sub, app.client_id);
  assert.equal(payload.scope, 'read');
  assert.ok(payload.jti && payload.tid && payload.exp > payload.iat);

  const active = await client.tokenIntrospection(config, tokens.access_token);
  assert.equal(active.active, true);
  assert.equal(active.client_id, app.client_id);

  await client.tokenRevocation(config, tokens.access_token);
  const revoked = await client.tokenIntrospection(config, tokens.access_token);
  assert.equal(revoked.active, false);

  // A wrong secret: 401 with the Basic challenge RFC 6749 §5.2 asks for, which the library surfaces.
  const wrong = await client.discovery(issuer, app.client_id, 'sigid_cs_wrong', client.ClientSecretBasic('sigid_cs_wrong'),
                                       { algorithm: 'oauth2', execute: [client.allowInsecureRequests] });
  await assert.rejects(client.clientCredentialsGrant(wrong, {}), (e) => e.status === 401 && e.cause?.[0]?.scheme === 'basic');
  console.log('openid-client e2e: discovery, client_credentials, JWKS verification, introspection, revocation: OK');
} finally {
  kernel.kill('SIGTERM');
  await new Promise((r) => kernel.exitCode !== null ? r() : kernel.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
