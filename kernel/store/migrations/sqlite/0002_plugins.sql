-- Per-tenant plugin instances and the key/value store plugins get through Host.
-- Times are integer epoch seconds. `config` is the instance's JSON document with
-- every writeOnly value sealed (never plaintext); kv values are base64 so a
-- plugin may store any bytes.
CREATE TABLE plugin_instances (
  tenant_id TEXT NOT NULL,
  plugin_id TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  config TEXT NOT NULL,
  config_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, plugin_id)
);

CREATE TABLE plugin_kv (
  tenant_id TEXT NOT NULL,
  plugin_id TEXT NOT NULL,
  item_key TEXT NOT NULL,
  item_value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, plugin_id, item_key)
);
