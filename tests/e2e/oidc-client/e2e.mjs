// Issue 6 "done when": an unmodified OAuth/OIDC client library (openid-client,
// with jose for JWKS) discovers a SigID tenant, obtains a client-credentials
// token, verifies it against the tenant's JWKS, introspects and revokes it.
// Usage: node e2e.mjs /path/to/sigid   (run by CTest: oidc_client_e2e)
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startKernel } from '../kernel.mjs';

const binary = process.argv[2];
if (!binary) throw new Error('usage: node e2e.mjs SIGID_BINARY');

const sigid = await startKernel(binary);
const { base, admin } = sigid;

try {
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
  await sigid.stop();
}
