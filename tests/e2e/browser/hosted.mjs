// Issue 7 (part A): the hosted pages in a real browser. Debian's headless
// Chromium, driven by playwright-core, against the real kernel with the
// signin-password plugin and a loopback SMTP server that catches e-mail.
// Usage: node hosted.mjs SIGID_BINARY PLUGIN_DIR SCREENSHOT_DIR   (CTest: hosted_browser_e2e)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startKernel } from '../kernel.mjs';
import { launchChromium } from '../relying_party.mjs';

const [binary, pluginDir, shotDir] = process.argv.slice(2).map((p) => p && resolve(p));
if (!binary || !pluginDir || !shotDir) throw new Error('usage: node hosted.mjs SIGID_BINARY PLUGIN_DIR SCREENSHOT_DIR');
mkdirSync(shotDir, { recursive: true });

// A minimal SMTP server (EHLO, MAIL, RCPT, DATA, QUIT) that keeps every message.
const mails = [];
const smtp = createServer((socket) => {
  let buffer = '', inData = false, data = '';
  socket.write('220 e2e-smtp\r\n');
  socket.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') { inData = false; mails.push(data); socket.write('250 queued\r\n'); }
        else data += (line.startsWith('..') ? line.slice(1) : line) + '\r\n';
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'DATA') { inData = true; data = ''; socket.write('354 go ahead\r\n'); }
      else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
      else socket.write('250 OK\r\n');
    }
  });
});
await new Promise((r) => smtp.listen(0, '127.0.0.1', r));

// Quoted-printable: soft breaks and =XX escapes.
const bodyOf = (raw) => raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/=\r\n/g, '')
  .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
const waitForMail = async (count) => {
  for (let i = 0; i < 100 && mails.length < count; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(mails.length >= count, 'no e-mail arrived');
  return bodyOf(mails[count - 1]);
};

const sigid = await startKernel(binary, {
  SIGID_PLUGINS_DIRECTORIES: pluginDir, SIGID_SMTP_HOST: '127.0.0.1',
  SIGID_SMTP_PORT: String(smtp.address().port), SIGID_SMTP_FROM: 'Acme <no-reply@acme.test>',
}, 'sigid-browser-');
const { base, admin } = sigid;

let context;
const profile = mkdtempSync(join(tmpdir(), 'sigid-chromium-'));
try {

  for (const slug of ['acme', 'beta']) {
    await admin('POST', '/api/v1/system/tenants', { name: slug === 'acme' ? 'Acme Corp' : 'Beta', slug });
    await admin('PUT', `/api/v1/tenants/${slug}/plugins/io.sigid.signin-password`,
                { config: { memory_kib: 4096, iterations: 1 }, enabled: true });
  }
  await admin('PATCH', '/api/v1/system/tenants/acme/settings', {
    lockout_policy: { max_attempts: 3, lockout_duration_minutes: 10 },
    branding: { display_name: 'Acme Corp', primary_color: '#0b7a53', background_color: '#eef5f1',
                privacy_url: 'https://acme.example/privacy', terms_url: 'https://acme.example/terms' },
    support_contact: { email: 'help@acme.example' },
  });
  const ann = await admin('POST', '/api/v1/tenants/acme/users',
                          { email: 'ann@acme.example', name: 'Ann', password: 'correct horse battery' });
  await admin('POST', '/api/v1/tenants/acme/users',
              { email: 'bob@acme.example', name: 'Bob', password: 'another long password' });

  context = await launchChromium(chromium, profile);
  const violations = [];
  context.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });

  // 1. Sign in with a password on the hosted login page.
  const login = await page.goto(`${base}/t/acme/login`);
  assert.equal(login.status(), 200);
  assert.match(login.headers()['content-security-policy'], /default-src 'none'/);
  assert.equal(await page.title(), 'Sign in · Acme Corp');
  // The static and branding stylesheets applied (no inline style is allowed).
  const buttonColour = await page.locator('button[type=submit]').first()
    .evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(buttonColour, 'rgb(11, 122, 83)', 'the tenant colour reaches the page through branding.css');
  await page.screenshot({ path: join(shotDir, 'login.png'), fullPage: true });
  await page.fill('input[name=email]', 'ann@acme.example');
  await page.fill('input[name=password]', 'correct horse battery');
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/t/acme/account`);
  assert.match(await page.textContent('main'), /this device/);
  const session = (await context.cookies(base + '/t/acme/')).find((c) => c.name === 'sigid_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Lax', 'session cookie is HttpOnly, SameSite=Lax');
  await page.screenshot({ path: join(shotDir, 'account.png'), fullPage: true });

  // 2. The same session means nothing at another tenant.
  await page.goto(`${base}/t/beta/account`);
  assert.ok(page.url().startsWith(`${base}/t/beta/login`), 'tenant beta does not know acme\'s session');

  // 3. A form without its CSRF token is refused.
  const fresh = await context.newPage();
  await fresh.goto(`${base}/t/acme/login`);
  await fresh.locator('input[name=csrf_token]').evaluate((input) => input.remove());
  await fresh.fill('input[name=email]', 'ann@acme.example');
  await fresh.fill('input[name=password]', 'correct horse battery');
  const [refused] = await Promise.all([fresh.waitForNavigation(), fresh.click('button[type=submit]')]);
  assert.equal(refused.status(), 403);
  assert.match(await fresh.textContent('main'), /did not come from this site/);

  // 4. Lockout after N failures (bob: max_attempts = 3), even with the right password afterwards.
  for (let i = 0; i < 3; i++) {
    await fresh.goto(`${base}/t/acme/login`);
    await fresh.fill('input[name=email]', 'bob@acme.example');
    await fresh.fill('input[name=password]', 'not his password');
    const [res] = await Promise.all([fresh.waitForNavigation(), fresh.click('button[type=submit]')]);
    assert.equal(res.status(), 401);
    assert.match(await fresh.textContent('.error'), /incorrect/);
  }
  await fresh.goto(`${base}/t/acme/login`);
  await fresh.fill('input[name=email]', 'bob@acme.example');
  await fresh.fill('input[name=password]', 'another long password');
  const [locked] = await Promise.all([fresh.waitForNavigation(), fresh.click('button[type=submit]')]);
  assert.equal(locked.status(), 429);
  assert.match(await fresh.textContent('.error'), /Too many failed attempts/);
  await fresh.screenshot({ path: join(shotDir, 'locked.png'), fullPage: true });

  // 5. An invitation accepted through the link in the e-mail.
  await admin('POST', '/api/v1/tenants/acme/invitations',
              { email: 'cy@acme.example', roles: ['editor'], message: 'Welcome to the team, Cy!' });
  const mail = await waitForMail(1);
  const link = mail.match(/https?:\/\/\S+\/invitations\/accept\?token=\S+/)[0];
  const invitee = await context.newPage();
  await invitee.goto(link);
  assert.match(await invitee.textContent('main'), /Welcome to the team, Cy!/);
  await invitee.screenshot({ path: join(shotDir, 'invitation.png'), fullPage: true });
  await invitee.fill('input[name=name]', 'Cy');
  await invitee.fill('input[name=password]', 'cy has a long password');
  await invitee.click('button[type=submit]');
  await invitee.waitForURL(`${base}/t/acme/login?notice=joined`);
  await invitee.fill('input[name=email]', 'cy@acme.example');
  await invitee.fill('input[name=password]', 'cy has a long password');
  await invitee.click('button[type=submit]');
  await invitee.waitForURL(`${base}/t/acme/account`);
  const again = await invitee.goto(link);
  assert.equal(again.status(), 404, 'the invitation link works once');

  // 6. Signing out from the account page ends the session.
  await page.goto(`${base}/t/acme/logout`);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/t/acme/login?notice=signed_out`);
  await page.goto(`${base}/t/acme/account`);
  assert.ok(page.url().startsWith(`${base}/t/acme/login`));

  // The browser shares cookies between its pages, so Cy's sign-in replaced Ann's
  // cookie: signing out ended Cy's session; Ann's is still listed for admins.
  const cy = (await admin('GET', '/api/v1/tenants/acme/users?email_prefix=cy')).items[0];
  assert.deepEqual(cy.roles, ['editor']);
  assert.equal((await admin('GET', `/api/v1/tenants/acme/users/${cy.subject}/sessions`)).items.length, 0);
  assert.equal((await admin('GET', `/api/v1/tenants/acme/users/${ann.subject}/sessions`)).items.length, 1);
  assert.deepEqual(violations, [], 'no CSP violations on any page');
  console.log(`hosted browser e2e: ok (screenshots in ${shotDir})`);
} finally {
  if (context) await context.close();
  await sigid.stop();
  smtp.close();
  await new Promise((r) => setTimeout(r, 300));
  rmSync(profile, { recursive: true, force: true });
}
