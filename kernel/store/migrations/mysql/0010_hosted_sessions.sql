-- Browser sessions, remembered consent, password-reset links and sign-in
-- failure counters for lockout. Times are integer epoch seconds. Secrets the
-- browser holds (session cookie, reset token) are stored as SHA-256 only.
-- sessions is hot and hash-partitioned by tenant.
CREATE TABLE sessions (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  token_sha256 CHAR(64) NOT NULL,
  user_id CHAR(36) NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  auth_time BIGINT NOT NULL,
  amr VARCHAR(255) NOT NULL,
  acr VARCHAR(255) NOT NULL,
  ip VARCHAR(64) NOT NULL,
  user_agent VARCHAR(512) NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE KEY sessions_token (tenant_id, token_sha256),
  KEY sessions_user (tenant_id, user_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};

CREATE TABLE consents (
  tenant_id CHAR(36) NOT NULL,
  user_id CHAR(36) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  scopes TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, user_id, client_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE password_reset_tokens (
  tenant_id CHAR(36) NOT NULL,
  token_sha256 CHAR(64) NOT NULL,
  user_id CHAR(36) NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, token_sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sign_in_failures (
  tenant_id CHAR(36) NOT NULL,
  lock_key VARCHAR(100) NOT NULL,
  failures BIGINT NOT NULL,
  window_started_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, lock_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
