-- Browser sessions, remembered consent, password-reset links and sign-in
-- failure counters for lockout. Times are integer epoch seconds. Secrets the
-- browser holds (session cookie, reset token) are stored as SHA-256 only.
CREATE TABLE sessions (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  token_sha256 TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  auth_time INTEGER NOT NULL,
  amr TEXT NOT NULL,
  acr TEXT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_sha256)
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id, created_at);

CREATE TABLE consents (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, user_id, client_id)
);

CREATE TABLE password_reset_tokens (
  tenant_id TEXT NOT NULL,
  token_sha256 TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, token_sha256)
);

CREATE TABLE sign_in_failures (
  tenant_id TEXT NOT NULL,
  lock_key TEXT NOT NULL,
  failures INTEGER NOT NULL,
  window_started_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, lock_key)
);
