-- Tenants, the bootstrap/system credentials and the first audit table.
-- Times are integer epoch seconds (audit: milliseconds); UUIDs are canonical text.
-- audit_events is hot and tenant-scoped: hash-partitioned by tenant.
CREATE TABLE tenants (
  id CHAR(36) NOT NULL PRIMARY KEY,
  slug VARCHAR(63) NOT NULL,
  name VARCHAR(200) NOT NULL,
  plan VARCHAR(63) NOT NULL,
  status VARCHAR(16) NOT NULL,
  settings MEDIUMTEXT NOT NULL,
  config_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE KEY tenants_slug (slug),
  CONSTRAINT tenants_status CHECK (status IN ('active', 'suspended'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE system_credentials (
  id CHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  secret_sha256 CHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT NULL,
  UNIQUE KEY system_credentials_secret (secret_sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_events (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  occurred_at_ms BIGINT NOT NULL,
  type VARCHAR(100) NOT NULL,
  actor_type VARCHAR(32) NOT NULL,
  actor_id VARCHAR(100) NOT NULL,
  target_type VARCHAR(32) NOT NULL,
  target_id VARCHAR(100) NOT NULL,
  source_ip VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  data MEDIUMTEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};
