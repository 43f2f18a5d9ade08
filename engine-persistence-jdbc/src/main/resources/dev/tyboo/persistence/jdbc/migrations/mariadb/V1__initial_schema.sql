-- Tyboo Engine schema, version 1, MariaDB 10.6 or newer (InnoDB, utf8mb4).
-- Times are BIGINT microseconds since 1970-01-01T00:00:00Z (UTC), the same on every database.

CREATE TABLE tyboo_workflow (
  name VARCHAR(255) NOT NULL,
  version INTEGER NOT NULL,
  json LONGTEXT NOT NULL,
  saved_at BIGINT NOT NULL,
  PRIMARY KEY (name, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE tyboo_execution (
  id VARCHAR(64) PRIMARY KEY,
  workflow_name VARCHAR(255) NOT NULL,
  workflow_version INTEGER NOT NULL,
  status VARCHAR(16) NOT NULL,
  input_json LONGTEXT NOT NULL,
  parent_id VARCHAR(64),
  parent_node_id VARCHAR(255),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT,
  error_json LONGTEXT,
  revision BIGINT NOT NULL,
  fence BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX tyboo_execution_created ON tyboo_execution (created_at, id);
CREATE INDEX tyboo_execution_workflow ON tyboo_execution (workflow_name, created_at);
CREATE INDEX tyboo_execution_status ON tyboo_execution (status, created_at);
CREATE INDEX tyboo_execution_parent ON tyboo_execution (parent_id);
CREATE INDEX tyboo_execution_finished ON tyboo_execution (finished_at);

CREATE TABLE tyboo_node_run (
  seq BIGINT NOT NULL AUTO_INCREMENT,
  execution_id VARCHAR(64) NOT NULL,
  node_id VARCHAR(255) NOT NULL,
  run_index INTEGER NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  outputs_json LONGTEXT,
  outputs_ref VARCHAR(255),
  error_json LONGTEXT,
  resume_token VARCHAR(255),
  resume_at BIGINT,
  PRIMARY KEY (execution_id, node_id, run_index),
  UNIQUE KEY tyboo_node_run_seq (seq),
  CONSTRAINT tyboo_node_run_execution FOREIGN KEY (execution_id)
    REFERENCES tyboo_execution (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The work queue: ready_at is the due time of a waiting item and the lease expiry of a leased one
-- (owner set), so "claimable" is one range condition on one index.
CREATE TABLE tyboo_work (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  execution_id VARCHAR(64) NOT NULL,
  ready_at BIGINT NOT NULL,
  owner VARCHAR(255),
  token BIGINT,
  deliveries INTEGER NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX tyboo_work_ready ON tyboo_work (ready_at, id);

CREATE TABLE tyboo_dead_work (
  id BIGINT PRIMARY KEY,
  execution_id VARCHAR(64) NOT NULL,
  reason LONGTEXT NOT NULL,
  deliveries INTEGER NOT NULL,
  dead_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE SEQUENCE tyboo_fencing_token NOCACHE;

-- Attachments, for hosts that choose the database-backed BinaryStore (JdbcStorage.binaryStore).
CREATE TABLE tyboo_binary (
  id VARCHAR(36) PRIMARY KEY,
  file_name VARCHAR(1024),
  mime_type VARCHAR(255),
  size BIGINT NOT NULL,
  data LONGBLOB NOT NULL,
  created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
