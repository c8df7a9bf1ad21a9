-- Events: the audit log becomes a per-tenant hash chain, and every event is
-- fanned out to a webhook outbox row per matching subscription in the same
-- transaction (DESIGN.md §8). Times in milliseconds where named _ms.
-- Outbox tables are hot and tenant-scoped: hash-partitioned by tenant.

-- Rows written before this migration stay outside the chain (chain_seq NULL).
ALTER TABLE audit_events
  ADD COLUMN chain_seq BIGINT NULL,
  ADD COLUMN prev_hash CHAR(64) NULL,
  ADD COLUMN hash CHAR(64) NULL,
  ADD UNIQUE KEY audit_events_chain (tenant_id, chain_seq),
  ADD KEY audit_events_time (tenant_id, occurred_at_ms);

-- One row per tenant: the last link of its chain. Every append updates it, so
-- concurrent writers of one tenant serialise on its row lock.
CREATE TABLE audit_chain_heads (
  tenant_id CHAR(36) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash CHAR(64) NOT NULL,
  updated_at_ms BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_checkpoints (
  tenant_id CHAR(36) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash CHAR(64) NOT NULL,
  pruned_rows BIGINT NOT NULL,
  pruned_at_ms BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_subscriptions (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  url VARCHAR(2048) NOT NULL,
  description VARCHAR(500) NOT NULL,
  event_types TEXT NOT NULL,
  transport VARCHAR(100) NOT NULL,
  active TINYINT NOT NULL,
  secret_sealed TEXT NOT NULL,
  previous_secret_sealed TEXT NULL,
  previous_expires_at_ms BIGINT NULL,
  failing_since_ms BIGINT NULL,
  disabled_reason VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_deliveries (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  subscription_id CHAR(36) NOT NULL,
  event_id CHAR(36) NOT NULL,
  event_type VARCHAR(100) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at_ms BIGINT NOT NULL,
  lease_token VARCHAR(64) NOT NULL,
  last_status INT NOT NULL,
  last_error VARCHAR(500) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  completed_at_ms BIGINT NULL,
  PRIMARY KEY (tenant_id, id),
  KEY webhook_deliveries_due (state, next_attempt_at_ms),
  KEY webhook_deliveries_subscription (tenant_id, subscription_id, id),
  CONSTRAINT webhook_deliveries_state CHECK (state IN ('pending', 'paused', 'delivered', 'dead'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};

CREATE TABLE webhook_delivery_attempts (
  tenant_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  delivery_id CHAR(36) NOT NULL,
  attempt INT NOT NULL,
  attempted_at_ms BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  status INT NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  detail VARCHAR(500) NOT NULL,
  PRIMARY KEY (tenant_id, id),
  KEY webhook_delivery_attempts_delivery (tenant_id, delivery_id, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};
