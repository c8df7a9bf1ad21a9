-- Per-tenant plugin instances and the key/value store plugins get through Host.
-- Times are integer epoch seconds. `config` is the instance's JSON document with
-- every writeOnly value sealed (never plaintext); kv values are base64 so a
-- plugin may store any bytes.
CREATE TABLE plugin_instances (
  tenant_id CHAR(36) NOT NULL,
  plugin_id VARCHAR(128) NOT NULL,
  enabled TINYINT NOT NULL,
  config MEDIUMTEXT NOT NULL,
  config_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, plugin_id),
  CONSTRAINT plugin_instances_enabled CHECK (enabled IN (0, 1))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE plugin_kv (
  tenant_id CHAR(36) NOT NULL,
  plugin_id VARCHAR(128) NOT NULL,
  item_key VARCHAR(191) NOT NULL,
  item_value MEDIUMTEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, plugin_id, item_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};
