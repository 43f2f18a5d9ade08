package dev.tyboo.persistence.jdbc;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A node type with a visible side effect: each run inserts a row (execution, node, worker, time)
 * into {@code tyboo_test_effect}, then sleeps a little. Counting rows tells how often each node
 * really ran, across processes and crashes. A negative sleep makes it a no-op without the row.
 */
final class Effects {

  static final String TABLE =
      "CREATE TABLE tyboo_test_effect (execution_id VARCHAR(64) NOT NULL, node_id VARCHAR(64)"
          + " NOT NULL, worker VARCHAR(64) NOT NULL, at_millis BIGINT NOT NULL)";

  private Effects() {}

  static NodeType type(DataSource ds, String worker, long sleepMillis) {
    NodeDescriptor d =
        NodeDescriptor.builder("test.effect").property(PropertySpec.string("note")).build();
    return new NodeType() {
      @Override
      public NodeDescriptor descriptor() {
        return d;
      }

      @Override
      public NodeResult execute(NodeContext ctx) throws SQLException, InterruptedException {
        if (sleepMillis < 0) {
          return NodeResult.of(ctx.input()); // a no-op, for measuring the engine alone
        }
        try (Connection c = ds.getConnection();
            PreparedStatement ps =
                c.prepareStatement("INSERT INTO tyboo_test_effect VALUES (?, ?, ?, ?)")) {
          ps.setString(1, ctx.executionId());
          ps.setString(2, ctx.nodeId());
          ps.setString(3, worker);
          ps.setLong(4, System.currentTimeMillis());
          ps.executeUpdate();
        }
        if (sleepMillis > 0) {
          Thread.sleep(sleepMillis);
        }
        return NodeResult.of(ctx.input());
      }
    };
  }

  /** A chain n1 -> n2 -> ... of effect nodes. */
  static Workflow chain(NodeType effect, int length) {
    WorkflowBuilder b = Workflow.named("effects");
    for (int i = 1; i <= length; i++) {
      b.node("n" + i, NodeDefinition.of(effect, Map.of()));
      if (i > 1) {
        b.connect("n" + (i - 1), "n" + i);
      }
    }
    return b.build();
  }
}
