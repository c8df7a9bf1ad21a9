-- Sign-ins waiting for their second factor (the hosted login's code page).
-- The browser holds a random token; only its SHA-256 is stored. A row is
-- single use, short-lived, and bound to the browser's CSRF cookie (its hash)
-- so a token copied into another browser is worthless.
CREATE TABLE sign_in_steps (
  tenant_id CHAR(36) NOT NULL,
  token_sha256 CHAR(64) NOT NULL,
  browser_sha256 CHAR(64) NOT NULL,
  user_id CHAR(36) NOT NULL,
  account VARCHAR(320) NOT NULL,
  amr VARCHAR(255) NOT NULL,
  required_acr VARCHAR(255) NOT NULL,
  plugin_id VARCHAR(128) NOT NULL,
  challenge_state TEXT NOT NULL,
  return_to VARCHAR(4096) NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, token_sha256),
  KEY sign_in_steps_expiry (tenant_id, expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
