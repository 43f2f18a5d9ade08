package dev.tyboo.nodes.sql;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.NodeDefinition;

/**
 * Reads and writes MySQL or MariaDB (JSON type {@code mysql}) over a {@code mysql} credential
 * ({@code host}, {@code port} (3306), {@code database}, {@code user}, {@code password}, {@code
 * ssl}). Operations: {@code executeQuery} (a statement with {@code ?} parameters; a query's rows
 * become items), {@code insert}, {@code update} and {@code upsert} (each item's fields, or {@code
 * columns}, as a row; {@code keyColumns} identify it), {@code select} (equality {@code where},
 * {@code orderBy}, {@code limit} and {@code offset} for paging). Every value is bound as a
 * statement parameter and every table or column name checked and quoted; one node call is one
 * transaction, rolled back when an item fails. The JDBC driver is the host's: add {@code
 * org.mariadb.jdbc:mariadb-java-client} or {@code com.mysql:mysql-connector-j}.
 *
 * <pre>{@code
 * .node("save", MySql.upsert("orders", "id"), o -> o.credential("mysql", "shop"))
 * .node("page", MySql.query("SELECT * FROM orders WHERE status = ? LIMIT 100", "{{ $json.status }}"),
 *     o -> o.credential("mysql", "shop"))
 * }</pre>
 */
public final class MySql {

  /** The JSON type name. */
  public static final String TYPE = "mysql";

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("MySQL")
              .description(
                  "Queries, inserts, updates, upserts and selects rows in MySQL or MariaDB")
              .credentialType(TYPE)
              .parameters(SqlNode.Parameters.class)
              .build(),
          ctx -> SqlNode.execute(ctx, SqlDialect.MYSQL));

  private MySql() {}

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
