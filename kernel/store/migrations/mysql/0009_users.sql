-- Global accounts, tenant memberships, pairwise tenant-local subjects and
-- invitations. Times are integer epoch seconds; UUIDs are canonical text.
-- users is global (one row per person, never shown to tenants by its id);
-- everything else leads with tenant_id. Lists (roles) are space-separated.
-- Memberships and subjects are hot and hash-partitioned by tenant.
CREATE TABLE users (
  id CHAR(36) NOT NULL PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  name VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE KEY users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE tenant_memberships (
  tenant_id CHAR(36) NOT NULL,
  user_id CHAR(36) NOT NULL,
  status VARCHAR(16) NOT NULL,
  roles TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  CONSTRAINT tenant_memberships_status CHECK (status IN ('invited', 'active', 'suspended', 'removed'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};

CREATE TABLE tenant_subject_identifiers (
  tenant_id CHAR(36) NOT NULL,
  user_id CHAR(36) NOT NULL,
  subject VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  UNIQUE KEY tenant_subject_identifiers_subject (tenant_id, subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};

CREATE TABLE invitations (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  email VARCHAR(254) NOT NULL,
  roles TEXT NOT NULL,
  message VARCHAR(2000) NOT NULL,
  token_sha256 CHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL,
  invited_by VARCHAR(100) NOT NULL,
  expires_at BIGINT NOT NULL,
  send_count BIGINT NOT NULL,
  last_sent_at BIGINT NULL,
  accepted_at BIGINT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE KEY invitations_token (tenant_id, token_sha256),
  KEY invitations_email (tenant_id, email),
  CONSTRAINT invitations_status CHECK (status IN ('pending', 'accepted', 'revoked'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
