// Issue 8: two-step sign-in in a real browser. Debian's headless Chromium
// (playwright-core) sets up an authenticator app on the hosted account page,
// then signs in to an unmodified openid-client relying party that asks for
// acr_values=urn:sigid:acr:mfa: password, then the TOTP code (computed here
// with node's crypto, as an authenticator app would), then consent; the ID
// token openid-client validated says amr pwd+otp+mfa and acr urn:sigid:acr:mfa.
// Usage: node mfa.mjs SIGID_BINARY PASSWORD_PLUGIN_DIR TOTP_PLUGIN_DIR SCREENSHOT_DIR   (CTest: mfa_browser_e2e)
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { freePort, startKernel } from '../kernel.mjs';
import { launchChromium, startRelyingParty } from '../relying_party.mjs';

// openid-client is the oidc-client suite's dependency (tests/e2e/oidc-client, `npm ci` there).
const here = dirname(fileURLToPath(import.meta.url));
const client = await import(pathToFileURL(join(here, '../oidc-client/node_modules/openid-client/build/index.js')).href);

const [binary, passwordDir, totpDir, shotDir] = process.argv.slice(2).map((p) => p && resolve(p));
if (!binary || !passwordDir || !totpDir || !shotDir)
  throw new Error('usage: node mfa.mjs SIGID_BINARY PASSWORD_PLUGIN_DIR TOTP_PLUGIN_DIR SCREENSHOT_DIR');
mkdirSync(shotDir, { recursive: true });
const step = (what) => console.log(`mfa e2e: ${what}`);

// RFC 4648 base32 (the set-up key the page shows) and RFC 6238 TOTP with SHA-1.
const fromBase32 = (text) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of text) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
};
const totpAt = (key, counter) => {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
};
const nowStep = () => Math.floor(Date.now() / 1000 / 30);

const sigid = await startKernel(binary, { SIGID_PLUGINS_DIRECTORIES: `${passwordDir},${totpDir}` }, 'sigid-mfa-');
const { base, admin } = sigid;

let context, rp;
const profile = mkdtempSync(join(tmpdir(), 'sigid-chromium-'));
try {
  await admin('POST', '/api/v1/system/tenants', { name: 'Acme Corp', slug: 'acme' });
  await admin('PUT', '/api/v1/tenants/acme/plugins/io.sigid.signin-password',
              { config: { memory_kib: 4096, iterations: 1 }, enabled: true });
  await admin('PUT', '/api/v1/tenants/acme/plugins/io.sigid.signin-totp', { config: {}, enabled: true });
  await admin('PATCH', '/api/v1/system/tenants/acme/settings',
              { branding: { display_name: 'Acme Corp', primary_color: '#0b7a53' } });
  const ann = await admin('POST', '/api/v1/tenants/acme/users',
                          { email: 'ann@acme.example', name: 'Ann Lee', password: 'correct horse battery' });
  const rpPort = await freePort();
  const rpBase = `http://127.0.0.1:${rpPort}`;
  const app = await admin('POST', '/api/v1/tenants/acme/applications', {
    name: 'Payroll', type: 'public', grant_types: ['authorization_code'], redirect_uris: [`${rpBase}/cb`],
    scopes: ['openid', 'profile', 'email'], signing_alg: 'RS256',
  });

  // ---- the relying party: openid-client, unmodified; it demands two factors ----
  const issuer = `${base}/t/acme`;
  const config = await client.discovery(new URL(issuer), app.client_id,
                                        { id_token_signed_response_alg: 'RS256' }, client.None(),
                                        { execute: [client.allowInsecureRequests] });
  assert.deepEqual(config.serverMetadata().acr_values_supported, ['urn:sigid:acr:pwd', 'urn:sigid:acr:mfa']);
  const started = await startRelyingParty({
    client, config, rpBase, port: rpPort, scope: 'openid profile email',
    authorizationParams: { acr_values: 'urn:sigid:acr:mfa' },
    onTokens: (tokens, outcome) => {
      outcome.claims = tokens.claims();
      return '<h1>Payroll</h1>';
    },
  });
  rp = started.server;
  const { outcome, done } = started;

  context = await launchChromium(chromium, profile);
  const violations = [];
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });

  // 1. Sign in with the password and set up the authenticator from the account page.
  await page.goto(`${base}/t/acme/login`);
  await page.fill('input[name=email]', 'ann@acme.example');
  await page.fill('input[name=password]', 'correct horse battery');
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/t/acme/account`);
  await page.click('a[href="/t/acme/account/mfa"]');
  await page.waitForURL(`${base}/t/acme/account/mfa`);
  assert.match(await page.textContent('main'), /Authenticator app: not set up/);
  await page.click('button:has-text("Set up")');
  await page.waitForSelector('code.secret');
  const setupKey = (await page.textContent('code.secret')).trim();
  assert.match(setupKey, /^[A-Z2-7]{32}$/);
  const uri = await page.getAttribute('a[href^="otpauth://"]', 'href');
  assert.ok(uri.startsWith('otpauth://totp/Acme%20Corp:ann%40acme.example?secret=' + setupKey), uri);
  await page.screenshot({ path: join(shotDir, 'mfa_enrol.png'), fullPage: true });
  const key = fromBase32(setupKey);
  const enrolStep = nowStep();
  await page.fill('input[name=code]', totpAt(key, enrolStep));
  await page.click('button:has-text("Turn on")');
  await page.waitForURL(`${base}/t/acme/account/mfa?notice=enabled`);
  assert.match(await page.textContent('main'), /Authenticator app: on/);
  step('authenticator set up');

  // 2. A fresh browser state: the application demands MFA; password, then the code.
  await context.clearCookies();
  await page.goto(`${rpBase}/start`);
  await page.waitForURL((u) => u.pathname === '/t/acme/login');
  await page.fill('input[name=email]', 'ann@acme.example');
  await page.fill('input[name=password]', 'correct horse battery');
  await page.click('button[type=submit]');
  await page.waitForSelector('input[name=code]');
  assert.match(await page.textContent('h1'), /Two-step sign-in/);
  assert.equal((await context.cookies(base + '/t/acme/')).find((c) => c.name === 'sigid_session'), undefined,
               'no session before the second factor');
  await page.screenshot({ path: join(shotDir, 'mfa_code.png'), fullPage: true });
  // The next step's code (the one that confirmed the set-up is spent).
  await page.fill('input[name=code]', totpAt(key, Math.max(enrolStep + 1, nowStep())));
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/t/acme/consent');
  await page.click('button[value=allow]');
  await Promise.race([done, page.waitForURL((u) => u.pathname === '/cb', { timeout: 20000 }).catch(async () => {
    throw new Error(`no callback; the browser is at ${page.url()}:\n${await page.textContent('body')}`);
  })]);
  await done;
  if (outcome.error) throw outcome.error;
  step('signed in with two factors');

  const { claims } = outcome;
  assert.equal(claims.sub, ann.subject);
  assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
  assert.equal(claims.acr, 'urn:sigid:acr:mfa');
  assert.deepEqual(violations, [], 'no CSP violations on any page');
  console.log(`mfa browser e2e: ok (screenshots in ${shotDir})`);
} finally {
  if (context) await context.close();
  if (rp) rp.close();
  await sigid.stop();
  await new Promise((r) => setTimeout(r, 300));
  rmSync(profile, { recursive: true, force: true });
}
