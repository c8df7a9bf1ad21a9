// What the browser end-to-end tests share besides the kernel (kernel.mjs): a
// relying party written as an application would write it with openid-client,
// and Debian's headless Chromium. Node built-ins only; the caller passes in the
// openid-client and playwright-core modules it installed.
import { createServer } from 'node:http';

// A loopback RP: /start redirects to the authorization endpoint with PKCE
// S256, state and nonce (plus `authorizationParams`); /cb runs the code
// exchange, where openid-client validates iss (RFC 9207), state and the ID
// token (signature against JWKS, iss, aud, exp, iat, nonce, at_hash), then
// `onTokens(tokens, outcome)` fills `outcome` and returns the page to show.
// `routes` answers other paths: (url, outcome) => html. `done` resolves once
// /cb answered (or failed: outcome.error holds why); `nextCallback()`, called
// before the next sign-in starts, gives the promise for the one after.
export async function startRelyingParty({ client, config, rpBase, port, scope, authorizationParams = {},
                                          onTokens, routes = {} }) {
  const pending = new Map();  // state -> { verifier, nonce }
  const outcome = {};
  let finished;
  const nextCallback = () => new Promise((r) => { finished = r; });
  const done = nextCallback();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, rpBase);
      if (url.pathname === '/start') {
        const verifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        pending.set(state, { verifier, nonce });
        const target = client.buildAuthorizationUrl(config, {
          redirect_uri: `${rpBase}/cb`, scope, state, nonce,
          code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
          ...authorizationParams,
        });
        res.writeHead(302, { Location: target.href }).end();
      } else if (url.pathname === '/cb') {
        const state = url.searchParams.get('state');
        const { verifier, nonce } = pending.get(state);
        pending.delete(state);
        const tokens = await client.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
        });
        const html = await onTokens(tokens, outcome);
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
        finished();
      } else if (routes[url.pathname]) {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(await routes[url.pathname](url, outcome));
      } else {
        res.writeHead(404).end();
      }
    } catch (e) {
      outcome.error = e;
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(e.stack ?? e));
      finished();
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { server, outcome, done, nextCallback };
}

// Debian's Chromium, headless, with a throwaway profile and nothing that
// phones home.
export function launchChromium(chromium, profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
