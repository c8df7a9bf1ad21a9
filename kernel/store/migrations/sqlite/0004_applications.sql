-- OAuth clients (applications), tenant API keys and revoked access-token ids.
-- Times are integer epoch seconds. Lists (grant types, redirect URIs, origins,
-- scopes) are stored space-separated: none of their items may contain a space.

CREATE TABLE applications (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  name TEXT NOT NULL,
  client_type TEXT NOT NULL CHECK (client_type IN ('confidential', 'public')),
  status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
  -- SHA-256 hex of the client secret (DESIGN.md §9); empty for public clients.
  secret_sha256 TEXT NOT NULL,
  -- The secret replaced by the last regeneration, accepted until previous_secret_expires_at.
  previous_secret_sha256 TEXT,
  previous_secret_expires_at INTEGER,
  grant_types TEXT NOT NULL,
  redirect_uris TEXT NOT NULL,
  allowed_origins TEXT NOT NULL,
  scopes TEXT NOT NULL,
  audience TEXT NOT NULL,
  access_token_ttl INTEGER NOT NULL,
  signing_alg TEXT NOT NULL CHECK (signing_alg IN ('ES256', 'RS256', 'EdDSA')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX applications_client_id ON applications (tenant_id, client_id);

CREATE TABLE api_keys (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  -- The first characters of the key after its prefix, shown in listings so an
  -- operator can tell keys apart; never enough to use it.
  hint TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL,
  scopes TEXT NOT NULL,
  expires_at INTEGER,
  created_at INTEGER NOT NULL,
  -- Flushed in batches from memory (DESIGN.md §10): no write per request.
  usage_count INTEGER NOT NULL DEFAULT 0,
  last_used_at INTEGER,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_secret ON api_keys (tenant_id, secret_sha256);

-- RFC 7009 revocation of JWT access tokens by jti. Rows are useless once the
-- token would have expired, and are deleted then.
CREATE TABLE revoked_tokens (
  tenant_id TEXT NOT NULL,
  jti TEXT NOT NULL,
  client_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, jti)
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (tenant_id, expires_at);
