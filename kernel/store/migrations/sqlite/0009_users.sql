-- Global accounts, tenant memberships, pairwise tenant-local subjects and
-- invitations. Times are integer epoch seconds; UUIDs are canonical text.
-- users is global (one row per person, never shown to tenants by its id);
-- everything else leads with tenant_id. Lists (roles) are space-separated.
CREATE TABLE users (
  id TEXT NOT NULL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE tenant_memberships (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'suspended', 'removed')),
  roles TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE tenant_subject_identifiers (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  UNIQUE (tenant_id, subject)
);

CREATE TABLE invitations (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  roles TEXT NOT NULL,
  message TEXT NOT NULL,
  token_sha256 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
  invited_by TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  send_count INTEGER NOT NULL,
  last_sent_at INTEGER,
  accepted_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_sha256)
);
CREATE INDEX invitations_email ON invitations (tenant_id, email);
