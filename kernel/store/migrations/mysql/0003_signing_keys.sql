-- Envelope encryption (DESIGN.md §9) and per-tenant JWS signing keys (RFC 7517 JWKS).
-- Times are integer epoch seconds. These tables are read on cache misses only
-- (the hot path uses in-memory keys), so they are not partitioned.

-- Development mode only: the generated master key used when security.master_key
-- is empty, kept here so restarts can still unwrap data keys. INSECURE by design:
-- whoever reads the database reads every secret. Production refuses an empty master key.
CREATE TABLE dev_master_key (
  id VARCHAR(16) NOT NULL PRIMARY KEY,
  key_material VARCHAR(100) NOT NULL,
  note VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT dev_master_key_single CHECK (id = 'dev')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Per-tenant data keys, each AES-256-GCM-wrapped by the master key (AD binds tenant and id).
CREATE TABLE tenant_data_keys (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  wrapped_key VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- live_slot is 'next' or 'current' while a key is live and NULL once retired: the
-- unique key then allows at most one next and one current key per tenant and
-- algorithm, even when two nodes create a tenant's first key at the same time.
CREATE TABLE signing_keys (
  tenant_id CHAR(36) NOT NULL,
  kid VARCHAR(100) NOT NULL,
  alg VARCHAR(16) NOT NULL,
  status VARCHAR(16) NOT NULL,
  sealed_private_key TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  activated_at BIGINT NULL,
  retired_at BIGINT NULL,
  not_after BIGINT NULL,
  live_slot VARCHAR(16) AS (CASE WHEN status IN ('next', 'current') THEN status END) STORED,
  PRIMARY KEY (tenant_id, kid),
  UNIQUE KEY signing_keys_live_slot (tenant_id, alg, live_slot),
  CONSTRAINT signing_keys_alg CHECK (alg IN ('ES256', 'RS256', 'EdDSA')),
  CONSTRAINT signing_keys_status CHECK (status IN ('next', 'current', 'retired'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
