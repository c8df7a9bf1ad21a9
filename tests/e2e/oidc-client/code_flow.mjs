// Issue 7 "done when": an application registered in a tenant signs a real user
// in through the hosted pages in a real browser (Debian's headless Chromium via
// playwright-core) and gets ID, access and refresh tokens the unmodified
// openid-client library accepts.
//
// A tiny relying party (a node http server on loopback) uses openid-client
// exactly as an application would: discovery, PKCE S256 + state + nonce,
// the authorization redirect, the code exchange with ID token validation,
// userinfo, refresh (rotation), and RP-initiated logout.
// Usage: node code_flow.mjs SIGID_BINARY PLUGIN_DIR SCREENSHOT_DIR   (CTest: code_flow_browser_e2e)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { freePort, startKernel } from '../kernel.mjs';
import { launchChromium, startRelyingParty } from '../relying_party.mjs';

// playwright-core is the browser suite's dependency (tests/e2e/browser, `npm ci` there).
const here = dirname(fileURLToPath(import.meta.url));
const { chromium } = await import(pathToFileURL(join(here, '../browser/node_modules/playwright-core/index.mjs')).href);

const [binary, pluginDir, shotDir] = process.argv.slice(2).map((p) => p && resolve(p));
if (!binary || !pluginDir || !shotDir) throw new Error('usage: node code_flow.mjs SIGID_BINARY PLUGIN_DIR SCREENSHOT_DIR');
mkdirSync(shotDir, { recursive: true });

const step = (what) => console.log(`code flow e2e: ${what}`);
const sigid = await startKernel(binary, { SIGID_PLUGINS_DIRECTORIES: pluginDir }, 'sigid-flow-');
const { base, admin } = sigid;

let context, rp;
const profile = mkdtempSync(join(tmpdir(), 'sigid-chromium-'));
try {

  // The tenant, its password sign-in, a user, and the relying party's registration.
  await admin('POST', '/api/v1/system/tenants', { name: 'Acme Corp', slug: 'acme' });
  await admin('PUT', '/api/v1/tenants/acme/plugins/io.sigid.signin-password',
              { config: { memory_kib: 4096, iterations: 1 }, enabled: true });
  await admin('PATCH', '/api/v1/system/tenants/acme/settings',
              { branding: { display_name: 'Acme Corp', primary_color: '#0b7a53' } });
  const ann = await admin('POST', '/api/v1/tenants/acme/users',
                          { email: 'ann@acme.example', name: 'Ann Lee', password: 'correct horse battery' });
  const rpPort = await freePort();
  const rpBase = `http://127.0.0.1:${rpPort}`;
  const app = await admin('POST', '/api/v1/tenants/acme/applications', {
    name: 'Photo Album', type: 'public', grant_types: ['authorization_code', 'refresh_token'],
    redirect_uris: [`${rpBase}/cb`], post_logout_redirect_uris: [`${rpBase}/bye`],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    signing_alg: 'RS256',  // what OIDC clients assume when they are not told otherwise
  });

  step('discovery');
  // ---- the relying party: openid-client, unmodified ----
  const issuer = `${base}/t/acme`;
  const config = await client.discovery(new URL(issuer), app.client_id,
                                        { id_token_signed_response_alg: 'RS256' }, client.None(),
                                        { execute: [client.allowInsecureRequests] });
  const started = await startRelyingParty({
    client, config, rpBase, port: rpPort, scope: 'openid profile email offline_access',
    authorizationParams: { login_hint: 'ann@acme.example' },
    onTokens: async (tokens, outcome) => {
      outcome.tokens = tokens;
      outcome.claims = tokens.claims();
      outcome.userinfo = await client.fetchUserInfo(config, tokens.access_token, outcome.claims.sub);
      outcome.refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
      try {
        await client.refreshTokenGrant(config, tokens.refresh_token);
        outcome.reuse = 'accepted';
      } catch (e) {
        outcome.reuse = e.error ?? String(e);
      }
      return `<h1>Welcome ${outcome.userinfo.name}</h1><p id="sub">${outcome.claims.sub}</p>`;
    },
    routes: {
      '/bye': (url, outcome) => {
        outcome.logoutState = url.searchParams.get('state');
        return '<h1>Signed out of Photo Album</h1>';
      },
    },
  });
  rp = started.server;
  const { outcome, done } = started;

  step('relying party listening');
  context = await launchChromium(chromium, profile);
  const violations = [];
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });

  // 1. The application sends the browser to SigID, which asks it to sign in (login_hint prefilled).
  await page.goto(`${rpBase}/start`);
  await page.waitForURL((u) => u.pathname === '/t/acme/login');
  assert.equal(await page.inputValue('input[name=email]'), 'ann@acme.example', 'login_hint prefills the form');
  await page.fill('input[name=password]', 'correct horse battery');
  await page.click('button[type=submit]');

  step('signed in');
  // 2. Consent names the application and each scope in words.
  await page.waitForURL((u) => u.pathname === '/t/acme/consent');
  const consentText = await page.textContent('main');
  assert.match(consentText, /Photo Album wants access/);
  assert.match(consentText, /ann@acme\.example/);
  await page.screenshot({ path: join(shotDir, 'consent.png'), fullPage: true });
  await page.click('button[value=allow]');

  step('consented');
  // 3. Back at the application, which exchanged the code with openid-client.
  await Promise.race([done, page.waitForURL((u) => u.pathname === '/cb', { timeout: 20000 }).catch(async () => {
    throw new Error(`no callback; the browser is at ${page.url()}:\n${await page.textContent('body')}`);
  })]);
  await done;
  if (outcome.error) throw outcome.error;
  await page.waitForURL((u) => u.pathname === '/cb');
  await page.screenshot({ path: join(shotDir, 'relying_party.png'), fullPage: true });
  const { tokens, claims, userinfo, refreshed } = outcome;
  assert.equal(claims.iss, issuer);
  assert.equal(claims.sub, ann.subject, 'the pairwise tenant-local subject');
  assert.equal(claims.aud, app.client_id);
  assert.ok(claims.auth_time > 0 && Array.isArray(claims.amr) && claims.amr.includes('pwd'));
  assert.equal(typeof claims.at_hash, 'string');
  assert.equal(JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url')).alg, 'RS256');
  assert.deepEqual(userinfo, { sub: ann.subject, name: 'Ann Lee', email: 'ann@acme.example', email_verified: false });
  assert.ok(refreshed.access_token && refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token,
            'refresh rotates the refresh token');
  assert.equal(refreshed.claims().sub, ann.subject);
  assert.equal(outcome.reuse, 'invalid_grant', 'the spent refresh token is refused');

  step('tokens checked');
  // 4. A second sign-in needs no consent: remembered per (user, client, scopes).
  const second = started.nextCallback();
  await page.goto(`${rpBase}/start`);
  await second;
  if (outcome.error) throw outcome.error;
  await page.waitForURL((u) => u.pathname === '/cb');

  step('second sign-in');
  // 5. RP-initiated logout back to the registered URI, with state.
  const logoutUrl = client.buildEndSessionUrl(config, {
    id_token_hint: outcome.tokens.id_token, post_logout_redirect_uri: `${rpBase}/bye`, state: 'bye-1',
  });
  await page.goto(logoutUrl.href);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/bye');
  assert.equal(outcome.logoutState, 'bye-1');
  assert.deepEqual(violations, [], 'no CSP violations on any page');
  console.log(`code flow browser e2e: ok (screenshots in ${shotDir})`);
} finally {
  if (context) await context.close();
  if (rp) rp.close();
  await sigid.stop();
  await new Promise((r) => setTimeout(r, 300));
  rmSync(profile, { recursive: true, force: true });
}
