-- Tyboo Engine schema, version 4, MariaDB: the audit log. Append-only; each row carries the hash of the
-- row before it (AuditChain). time_micros is microseconds since the epoch, UTC; detail is JSON text.

CREATE TABLE tyboo_audit (
  sequence BIGINT PRIMARY KEY,
  time_micros BIGINT NOT NULL,
  tenant VARCHAR(255) NOT NULL,
  actor VARCHAR(255) NOT NULL,
  action VARCHAR(255) NOT NULL,
  target VARCHAR(1024) NOT NULL,
  detail MEDIUMTEXT NOT NULL,
  detail_erased BOOLEAN NOT NULL,
  detail_hash VARCHAR(64) NOT NULL,
  previous_hash VARCHAR(64) NOT NULL,
  hash VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX tyboo_audit_tenant_time ON tyboo_audit (tenant, time_micros);
