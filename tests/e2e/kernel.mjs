// Starting the real `sigid serve` for the node end-to-end tests (browser/ and
// oidc-client/ import this by relative path; it uses node built-ins only).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

// A free loopback port. The issuer must carry the real port, so the kernel
// cannot simply be told port 0.
export const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

// Starts sigid on SQLite in a scratch folder with `env` on top of the test
// defaults, waits for its bootstrap credential, and returns
// { base, credential, admin(method, path, body), stop() }.
export async function startKernel(binary, env = {}, prefix = 'sigid-e2e-') {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SIGID_')));
  const kernel = spawn(binary, ['serve'], {
    cwd: dir,
    env: { ...inherited, SIGID_HTTP_PORT: String(port), SIGID_HTTP_PUBLIC_BASE_URL: base,
           SIGID_DATABASE_URL: 'sqlite:var/sigid.db', SIGID_LOG_LEVEL: 'warning', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (kernel.exitCode === null) {
      kernel.kill('SIGTERM');
      await new Promise((r) => (kernel.exitCode !== null ? r() : kernel.on('exit', r)));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let credential;
  try {
    credential = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('no bootstrap credential:\n' + out)), 30000);
      kernel.stdout.on('data', (chunk) => {
        out += chunk;
        const m = out.match(/(sigid_sys_[A-Za-z0-9_-]+)/);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      kernel.on('exit', (code) => reject(new Error(`sigid exited with ${code}:\n${out}`)));
    });
  } catch (e) {
    await stop();
    throw e;
  }
  // A control-plane call with the bootstrap credential; asserts a 2xx.
  const admin = async (method, path, body) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(base + path, {
          method, body: body === undefined ? undefined : JSON.stringify(body),
          headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'application/json' },
        });
        const json = res.status === 204 ? {} : await res.json();
        assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      } catch (e) {
        if (attempt > 50 || e.code === 'ERR_ASSERTION') throw e;
        await new Promise((r) => setTimeout(r, 100));  // the listener may still be starting
      }
    }
  };
  return { base, credential, admin, stop };
}
