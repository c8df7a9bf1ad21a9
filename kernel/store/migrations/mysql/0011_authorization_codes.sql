-- Authorization code flow (issue 7 part B): pending authorization requests,
-- authorization codes and refresh tokens, plus the post-logout redirect URIs
-- of applications (OIDC RP-Initiated Logout §3). Times are integer epoch
-- seconds. Every secret a client or browser holds (request handle, code,
-- refresh token) is stored as its SHA-256 hex only (DESIGN.md §4, §9).
-- refresh_tokens is hot and hash-partitioned by tenant.
CREATE TABLE authorization_requests (
  tenant_id CHAR(36) NOT NULL,
  handle_sha256 CHAR(64) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  redirect_uri TEXT NOT NULL,
  scope TEXT NOT NULL,
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_challenge VARCHAR(128) NOT NULL,
  max_age BIGINT NULL,
  acr_values VARCHAR(512) NOT NULL,
  login_hint VARCHAR(320) NOT NULL,
  auth_not_before BIGINT NOT NULL,
  user_id VARCHAR(36) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, handle_sha256),
  KEY authorization_requests_expiry (tenant_id, expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE authorization_codes (
  tenant_id CHAR(36) NOT NULL,
  code_sha256 CHAR(64) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  redirect_uri TEXT NOT NULL,
  user_id CHAR(36) NOT NULL,
  subject VARCHAR(128) NOT NULL,
  scope TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_challenge VARCHAR(128) NOT NULL,
  auth_time BIGINT NOT NULL,
  amr VARCHAR(255) NOT NULL,
  acr VARCHAR(255) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  redeemed_at BIGINT NULL,
  access_jti VARCHAR(64) NULL,
  access_expires_at BIGINT NULL,
  refresh_family VARCHAR(64) NULL,
  PRIMARY KEY (tenant_id, code_sha256),
  KEY authorization_codes_expiry (tenant_id, expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE refresh_tokens (
  tenant_id CHAR(36) NOT NULL,
  token_sha256 CHAR(64) NOT NULL,
  family_id VARCHAR(64) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  user_id CHAR(36) NOT NULL,
  subject VARCHAR(128) NOT NULL,
  scope TEXT NOT NULL,
  auth_time BIGINT NOT NULL,
  amr VARCHAR(255) NOT NULL,
  acr VARCHAR(255) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NULL,
  revoked_at BIGINT NULL,
  PRIMARY KEY (tenant_id, token_sha256),
  KEY refresh_tokens_family (tenant_id, family_id),
  KEY refresh_tokens_user (tenant_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};

ALTER TABLE applications ADD COLUMN post_logout_redirect_uris TEXT NOT NULL DEFAULT '';
