-- Tyboo Engine schema, version 5, H2: data-subject tags of executions (Engine.tagSubject), so
-- that a subject's executions can be erased or exported. Deleting an execution deletes its tags.

CREATE TABLE tyboo_subject (
  subject_id VARCHAR(255) NOT NULL,
  execution_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (subject_id, execution_id),
  CONSTRAINT tyboo_subject_execution FOREIGN KEY (execution_id)
    REFERENCES tyboo_execution (id) ON DELETE CASCADE
);

CREATE INDEX tyboo_subject_execution_idx ON tyboo_subject (execution_id);
