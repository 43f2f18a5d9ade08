-- Tyboo Engine schema, version 7, MariaDB: node memories kept across executions under a key
-- (NodeContext.memory(): an AI agent's conversation). seq orders a memory's entries; a node run
-- writes each of its entries once (execution, node, key, index). Each entry belongs to the
-- execution that wrote it: deleting that execution (retention, erasure) deletes it.

CREATE TABLE tyboo_node_memory (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  scope VARCHAR(255) NOT NULL,
  memory_key VARCHAR(200) NOT NULL,
  execution_id VARCHAR(64) NOT NULL,
  node_id VARCHAR(255) NOT NULL,
  entry_index INTEGER NOT NULL,
  value_json LONGTEXT NOT NULL,
  CONSTRAINT tyboo_node_memory_entry UNIQUE (execution_id, node_id, memory_key, entry_index),
  CONSTRAINT tyboo_node_memory_execution FOREIGN KEY (execution_id)
    REFERENCES tyboo_execution (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX tyboo_node_memory_key_idx ON tyboo_node_memory (scope, memory_key, seq);
