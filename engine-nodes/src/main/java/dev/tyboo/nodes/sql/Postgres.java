package dev.tyboo.nodes.sql;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.NodeDefinition;

/**
 * Reads and writes PostgreSQL (JSON type {@code postgres}) over a {@code postgres} credential
 * ({@code host}, {@code port} (5432), {@code database}, {@code user}, {@code password}, {@code
 * ssl}). Operations: {@code executeQuery} (a statement with {@code ?} parameters; a query's rows
 * become items), {@code insert}, {@code update} and {@code upsert} (each item's fields, or {@code
 * columns}, as a row; {@code keyColumns} identify it), {@code select} (equality {@code where},
 * {@code orderBy}, {@code limit} and {@code offset} for paging). Every value is bound as a
 * statement parameter and every table or column name checked and quoted; one node call is one
 * transaction, rolled back when an item fails. The JDBC driver is the host's: add {@code
 * org.postgresql:postgresql}.
 *
 * <pre>{@code
 * .node("save", Postgres.upsert("orders", "id"), o -> o.credential("postgres", "shop"))
 * .node("page", Postgres.query("SELECT * FROM orders WHERE status = ? LIMIT 100", "{{ $json.status }}"),
 *     o -> o.credential("postgres", "shop"))
 * }</pre>
 */
public final class Postgres {

  /** The JSON type name. */
  public static final String TYPE = "postgres";

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Postgres")
              .description("Queries, inserts, updates, upserts and selects rows in PostgreSQL")
              .credentialType(TYPE)
              .parameters(SqlNode.Parameters.class)
              .build(),
          ctx -> SqlNode.execute(ctx, SqlDialect.POSTGRES));

  private Postgres() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that runs a statement with parameters}
   *
   * @param sql the statement, with {@code ?} for each parameter
   * @param parameters the values, in order; each may be an expression
   */
  public static NodeDefinition query(String sql, Object... parameters) {
    return SqlNode.query(INSTANCE, sql, parameters);
  }

  /**
   * {@return a node that inserts each item's fields as a row}
   *
   * @param table the table
   */
  public static NodeDefinition insert(String table) {
    return SqlNode.insert(INSTANCE, table);
  }

  /**
   * {@return a node that inserts each item's fields as a row, or updates the row with the same
   * keys}
   *
   * @param table the table
   * @param keyColumns the columns of its primary key or a unique index
   */
  public static NodeDefinition upsert(String table, String... keyColumns) {
    return SqlNode.upsert(INSTANCE, table, keyColumns);
  }
}
