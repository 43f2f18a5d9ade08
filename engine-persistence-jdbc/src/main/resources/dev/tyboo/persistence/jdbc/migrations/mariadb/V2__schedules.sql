-- Tyboo Engine schema, version 2, MariaDB: the schedule ledger (one row per schedule, its latest
-- claimed fire time in microseconds since the epoch, UTC).

CREATE TABLE tyboo_schedule (
  name VARCHAR(512) PRIMARY KEY,
  last_fire BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
