-- Tyboo Engine schema, version 3, MariaDB: encrypted credentials (the CredentialVault's store). Only
-- ciphertext: the data encrypted under a data key, the data key wrapped by the master key key_id.
-- Times in microseconds since the epoch, UTC.

CREATE TABLE tyboo_credential (
  tenant VARCHAR(255) NOT NULL,
  id VARCHAR(64) NOT NULL,
  type VARCHAR(128) NOT NULL,
  name VARCHAR(255) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  wrapped_key VARBINARY(4096) NOT NULL,
  ciphertext MEDIUMBLOB NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (tenant, id),
  CONSTRAINT tyboo_credential_name UNIQUE (tenant, type, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX tyboo_credential_key ON tyboo_credential (key_id);
