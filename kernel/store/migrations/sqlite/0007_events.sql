-- Events: the audit log becomes a per-tenant hash chain, and every event is
-- fanned out to a webhook outbox row per matching subscription in the same
-- transaction (DESIGN.md §8). Times in milliseconds where named _ms.

-- Rows written before this migration stay outside the chain (chain_seq NULL);
-- `sigid audit verify` counts them separately.
ALTER TABLE audit_events ADD COLUMN chain_seq INTEGER;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_events_chain ON audit_events (tenant_id, chain_seq);
CREATE INDEX audit_events_time ON audit_events (tenant_id, occurred_at_ms);

-- One row per tenant: the last link of its chain. Every append updates it, so
-- concurrent writers of one tenant serialise on this row and cannot fork the chain.
CREATE TABLE audit_chain_heads (
  tenant_id TEXT NOT NULL PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL
);

-- Existing tenants start their chains now (seq 0 is the genesis link), so no
-- two first writers of a tenant race to create its head row. New tenants get
-- theirs with their first event, tenant.provisioned, written before anyone else
-- can know the tenant.
INSERT INTO audit_chain_heads (tenant_id, seq, hash, updated_at_ms)
  SELECT id, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0 FROM tenants;

-- Where the retained chain starts after pruning: the seq and hash of the last
-- pruned row, so the first kept row still verifies.
CREATE TABLE audit_checkpoints (
  tenant_id TEXT NOT NULL PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  pruned_rows INTEGER NOT NULL,
  pruned_at_ms INTEGER NOT NULL
);

CREATE TABLE webhook_subscriptions (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  event_types TEXT NOT NULL,          -- space-separated patterns: "user.*", "*", "tenant.suspended"
  transport TEXT NOT NULL,            -- plugin id of the WebhookTransport
  active INTEGER NOT NULL,
  secret_sealed TEXT NOT NULL,        -- whsec_... sealed under the tenant's data key
  previous_secret_sealed TEXT,        -- after a rotation: still signed with until previous_expires_at_ms
  previous_expires_at_ms INTEGER,
  failing_since_ms INTEGER,           -- first failure since the last success; auto-disable clock
  disabled_reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- The outbox: one row per (event, subscription). state: pending (due at
-- next_attempt_at_ms; a claim pushes that forward by the lease so a crashed
-- worker's row becomes due again), paused (subscription inactive), delivered, dead.
CREATE TABLE webhook_deliveries (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,                   -- the webhook-id header: the same on every attempt and replay
  subscription_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'paused', 'delivered', 'dead')),
  attempts INTEGER NOT NULL,
  next_attempt_at_ms INTEGER NOT NULL,
  lease_token TEXT NOT NULL,
  last_status INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  completed_at_ms INTEGER,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at_ms);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (tenant_id, subscription_id, id);

CREATE TABLE webhook_delivery_attempts (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  attempted_at_ms INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  outcome TEXT NOT NULL,              -- delivered | retry | failed
  detail TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (tenant_id, delivery_id, attempt);
