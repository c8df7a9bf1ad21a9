-- Authorization code flow (issue 7 part B): pending authorization requests,
-- authorization codes and refresh tokens, plus the post-logout redirect URIs
-- of applications (OIDC RP-Initiated Logout §3). Times are integer epoch
-- seconds. Every secret a client or browser holds (request handle, code,
-- refresh token) is stored as its SHA-256 hex only (DESIGN.md §4, §9).

-- An /authorize request parked while the browser signs in or consents. The
-- handle travels in the login page's return_to and the consent page's URL.
CREATE TABLE authorization_requests (
  tenant_id TEXT NOT NULL,
  handle_sha256 TEXT NOT NULL,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  scope TEXT NOT NULL,
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  max_age INTEGER,
  acr_values TEXT NOT NULL,
  login_hint TEXT NOT NULL,
  -- A session must have signed in at or after this time to finish the request
  -- (prompt=login, max_age exceeded, step-up); 0: any live session.
  auth_not_before INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, handle_sha256)
);
CREATE INDEX authorization_requests_expiry ON authorization_requests (tenant_id, expires_at);

CREATE TABLE authorization_codes (
  tenant_id TEXT NOT NULL,
  code_sha256 TEXT NOT NULL,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  user_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  scope TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  auth_time INTEGER NOT NULL,
  amr TEXT NOT NULL,
  acr TEXT NOT NULL,
  session_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  -- Set on the one successful redemption, with what it issued, so that a
  -- replay can revoke exactly that (RFC 6749 §4.1.2).
  redeemed_at INTEGER,
  access_jti TEXT,
  access_expires_at INTEGER,
  refresh_family TEXT,
  PRIMARY KEY (tenant_id, code_sha256)
);
CREATE INDEX authorization_codes_expiry ON authorization_codes (tenant_id, expires_at);

-- One row per refresh token ever issued. A family is every token descended
-- from one authorization; rotation marks the old row used, reuse of a used
-- row revokes the whole family.
CREATE TABLE refresh_tokens (
  tenant_id TEXT NOT NULL,
  token_sha256 TEXT NOT NULL,
  family_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  scope TEXT NOT NULL,
  auth_time INTEGER NOT NULL,
  amr TEXT NOT NULL,
  acr TEXT NOT NULL,
  session_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER,
  PRIMARY KEY (tenant_id, token_sha256)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (tenant_id, family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (tenant_id, user_id);

ALTER TABLE applications ADD COLUMN post_logout_redirect_uris TEXT NOT NULL DEFAULT '';
