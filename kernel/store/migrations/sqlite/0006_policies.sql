-- Tenant Lua policies (DESIGN.md §7): a policy is a named, ordered slot; its
-- versions are immutable source texts. active_version is evaluated, shadow_version
-- runs beside it as a dry run, previous_version is what a roll-back restores.
-- Read on a cache miss only (compiled policies live in memory keyed by the
-- tenant's config_version), so nothing here is on the hot path.
CREATE TABLE policies (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  priority INTEGER NOT NULL,
  latest_version INTEGER NOT NULL,
  active_version INTEGER,
  previous_version INTEGER,
  shadow_version INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX policies_name ON policies (tenant_id, name);

CREATE TABLE policy_versions (
  tenant_id TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, policy_id, version)
);

-- What a tenant's decisions default to when no policy has an opinion; no row
-- means the platform default (policy.default_decision).
CREATE TABLE tenant_policy_settings (
  tenant_id TEXT NOT NULL PRIMARY KEY,
  default_decision TEXT NOT NULL CHECK (default_decision IN ('allow', 'deny')),
  updated_at INTEGER NOT NULL
);
