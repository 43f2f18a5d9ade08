-- Tyboo Engine schema, version 6, PostgreSQL: the recorded steps of node runs (NodeContext.steps()), so
-- that a node with several side effects in one run (an AI agent's model and tool calls) does not
-- repeat them after a crash or a suspension. The first value recorded for a step wins. Deleting an
-- execution deletes its steps.

CREATE TABLE tyboo_node_step (
  execution_id VARCHAR(64) NOT NULL,
  node_id VARCHAR(255) NOT NULL,
  step VARCHAR(200) NOT NULL,
  value_json TEXT NOT NULL,
  PRIMARY KEY (execution_id, node_id, step),
  CONSTRAINT tyboo_node_step_execution FOREIGN KEY (execution_id)
    REFERENCES tyboo_execution (id) ON DELETE CASCADE
);
