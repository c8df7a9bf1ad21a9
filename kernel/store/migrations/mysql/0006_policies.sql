-- Tenant Lua policies (DESIGN.md §7): a policy is a named, ordered slot; its
-- versions are immutable source texts. active_version is evaluated, shadow_version
-- runs beside it as a dry run, previous_version is what a roll-back restores.
-- Read on a cache miss only (compiled policies live in memory keyed by the
-- tenant's config_version), so these tables are not partitioned.
CREATE TABLE policies (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  name VARCHAR(100) NOT NULL,
  description VARCHAR(1000) NOT NULL,
  priority INT NOT NULL,
  latest_version BIGINT NOT NULL,
  active_version BIGINT NULL,
  previous_version BIGINT NULL,
  shadow_version BIGINT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE KEY policies_name (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE policy_versions (
  tenant_id CHAR(36) NOT NULL,
  policy_id CHAR(36) NOT NULL,
  version BIGINT NOT NULL,
  source MEDIUMTEXT NOT NULL,
  sha256 CHAR(64) NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, policy_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- What a tenant's decisions default to when no policy has an opinion; no row
-- means the platform default (policy.default_decision).
CREATE TABLE tenant_policy_settings (
  tenant_id CHAR(36) NOT NULL PRIMARY KEY,
  default_decision VARCHAR(8) NOT NULL,
  updated_at BIGINT NOT NULL,
  CONSTRAINT tenant_policy_settings_decision CHECK (default_decision IN ('allow', 'deny'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
