-- Envelope encryption (DESIGN.md §9) and per-tenant JWS signing keys (RFC 7517 JWKS).
-- Times are integer epoch seconds.

-- Development mode only: the generated master key used when security.master_key
-- is empty, kept here so restarts can still unwrap data keys. INSECURE by design:
-- whoever reads the database reads every secret. Production refuses an empty master key.
CREATE TABLE dev_master_key (
  id TEXT NOT NULL PRIMARY KEY CHECK (id = 'dev'),
  key_material TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Per-tenant data keys, each AES-256-GCM-wrapped by the master key (AD binds tenant and id).
CREATE TABLE tenant_data_keys (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  wrapped_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- live_slot is 'next' or 'current' while a key is live and NULL once retired: the
-- unique index then allows at most one next and one current key per tenant and
-- algorithm, even when two nodes create a tenant's first key at the same time.
CREATE TABLE signing_keys (
  tenant_id TEXT NOT NULL,
  kid TEXT NOT NULL,
  alg TEXT NOT NULL CHECK (alg IN ('ES256', 'RS256', 'EdDSA')),
  status TEXT NOT NULL CHECK (status IN ('next', 'current', 'retired')),
  sealed_private_key TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  activated_at INTEGER,
  retired_at INTEGER,
  not_after INTEGER,
  live_slot TEXT GENERATED ALWAYS AS (CASE WHEN status IN ('next', 'current') THEN status END) VIRTUAL,
  PRIMARY KEY (tenant_id, kid)
);

CREATE UNIQUE INDEX signing_keys_live_slot ON signing_keys (tenant_id, alg, live_slot);
