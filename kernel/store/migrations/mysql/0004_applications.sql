-- OAuth clients (applications), tenant API keys and revoked access-token ids.
-- Times are integer epoch seconds. Lists (grant types, redirect URIs, origins,
-- scopes) are stored space-separated: none of their items may contain a space.
-- applications and api_keys are read on cache misses only; revoked_tokens grows
-- with traffic and is hash-partitioned by tenant.

CREATE TABLE applications (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  client_type VARCHAR(16) NOT NULL,
  status VARCHAR(16) NOT NULL,
  secret_sha256 CHAR(64) NOT NULL,
  previous_secret_sha256 CHAR(64) NULL,
  previous_secret_expires_at BIGINT NULL,
  grant_types VARCHAR(255) NOT NULL,
  redirect_uris TEXT NOT NULL,
  allowed_origins TEXT NOT NULL,
  scopes TEXT NOT NULL,
  audience VARCHAR(512) NOT NULL,
  access_token_ttl BIGINT NOT NULL,
  signing_alg VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE KEY applications_client_id (tenant_id, client_id),
  CONSTRAINT applications_type CHECK (client_type IN ('confidential', 'public')),
  CONSTRAINT applications_status CHECK (status IN ('active', 'inactive')),
  CONSTRAINT applications_alg CHECK (signing_alg IN ('ES256', 'RS256', 'EdDSA'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE api_keys (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  name VARCHAR(200) NOT NULL,
  hint VARCHAR(16) NOT NULL,
  secret_sha256 CHAR(64) NOT NULL,
  scopes TEXT NOT NULL,
  expires_at BIGINT NULL,
  created_at BIGINT NOT NULL,
  usage_count BIGINT NOT NULL DEFAULT 0,
  last_used_at BIGINT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE KEY api_keys_secret (tenant_id, secret_sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE revoked_tokens (
  tenant_id CHAR(36) NOT NULL,
  jti VARCHAR(64) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, jti),
  KEY revoked_tokens_expiry (tenant_id, expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};
