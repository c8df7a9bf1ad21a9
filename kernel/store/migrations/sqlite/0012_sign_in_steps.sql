-- Sign-ins waiting for their second factor (the hosted login's code page).
-- The browser holds a random token; only its SHA-256 is stored. A row is
-- single use, short-lived, and bound to the browser's CSRF cookie (its hash)
-- so a token copied into another browser is worthless.
CREATE TABLE sign_in_steps (
  tenant_id TEXT NOT NULL,
  token_sha256 TEXT NOT NULL,
  browser_sha256 TEXT NOT NULL,
  user_id TEXT NOT NULL,
  account TEXT NOT NULL,
  amr TEXT NOT NULL,
  required_acr TEXT NOT NULL,
  plugin_id TEXT NOT NULL,
  challenge_state TEXT NOT NULL,
  return_to TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, token_sha256)
);
CREATE INDEX sign_in_steps_expiry ON sign_in_steps (tenant_id, expires_at);
