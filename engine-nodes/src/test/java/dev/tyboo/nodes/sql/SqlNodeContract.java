package dev.tyboo.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a SQL node does on its real database: every operation, paging, transactions, injection
 * refused, typed failures. {@link PostgresNodeTest} and {@link MySqlNodeTest} run it.
 */
abstract class SqlNodeContract {

  /** {@return the node type under test} */
  abstract NodeType type();

  /** {@return a working credential} */
  abstract Map<String, Object> credential();

  /** {@return a JDBC URL and user for the test's own statements} */
  abstract String[] admin();

  /** {@return the DDL of a JSON column} */
  abstract String jsonColumn();

  /** {@return whether the driver reads the JSON column back as JSON, or as its text} */
  abstract boolean jsonColumnReadsAsJson();

  /** {@return a credential the database refuses} */
  abstract Map<String, Object> refusedCredential();

  final String table =
      "tyboo_sql_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private Engine engine;

  @BeforeEach
  void createTable() throws Exception {
    sql(
        "CREATE TABLE "
            + table
            + " (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INTEGER, doc "
            + jsonColumn()
            + ")");
    engine = engine(credential());
  }

  @AfterEach
  void dropTable() throws Exception {
    engine.close();
    sql("DROP TABLE IF EXISTS " + table);
  }

  private Engine engine(Map<String, Object> credential) {
    return Engine.builder()
        .nodeType(type())
        .credentials(
            CredentialProvider.inMemory().put(type().descriptor().type(), "db", credential))
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  void sql(String statement) throws Exception {
    String[] a = admin();
    try (Connection c = DriverManager.getConnection(a[0], a[1], a[2]);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  long count() throws Exception {
    String[] a = admin();
    try (Connection c = DriverManager.getConnection(a[0], a[1], a[2]);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Execution run(Engine e, Map<String, Object> parameters, List<Item> items) {
    Execution run =
        e.start(
            Workflow.named("sql")
                .node(
                    "sql",
                    NodeDefinition.of(type(), parameters),
                    o -> o.credential(type().descriptor().type(), "db"))
                .build(),
            items);
    run.await(Duration.ofSeconds(30));
    return run;
  }

  private Execution run(Map<String, Object> parameters, List<Item> items) {
    return run(engine, parameters, items);
  }

  private static Map<String, Object> params(Object... kv) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put((String) kv[i], kv[i + 1]);
    }
    return p;
  }

  private static Map<String, Object> row(int id, String name, int qty) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("qty", qty);
    return m;
  }

  private List<Map<String, Object>> rows(Execution run) {
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    return run.output("sql").stream().map(Item::json).toList();
  }

  @Test
  void inserts_items_and_selects_them_page_by_page() {
    List<Item> items = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      items.add(Item.of(row(i, "item " + i, i * 10)));
    }
    assertThat(run(params("operation", "insert", "table", table), items).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    Map<String, Object> page =
        params(
            "operation",
            "select",
            "table",
            table,
            "columns",
            List.of("id", "name"),
            "orderBy",
            List.of("qty desc"),
            "limit",
            2,
            "offset",
            1);
    assertThat(rows(run(page, List.of(Item.of(Map.of())))))
        .containsExactly(Map.of("id", 4, "name", "item 4"), Map.of("id", 3, "name", "item 3"));

    Map<String, Object> where =
        params("operation", "select", "table", table, "where", Map.of("name", "{{ $json.want }}"));
    assertThat(rows(run(where, List.of(Item.of(Map.of("want", "item 2"))))))
        .extracting(r -> r.get("qty"))
        .containsExactly(20);
  }

  @Test
  void upserts_and_updates_rows_by_their_keys() throws Exception {
    Map<String, Object> upsert =
        params("operation", "upsert", "table", table, "keyColumns", List.of("id"));
    run(upsert, List.of(Item.of(row(1, "first", 1))));
    run(upsert, List.of(Item.of(row(1, "renamed", 2)), Item.of(row(2, "second", 3))));
    Map<String, Object> update =
        params(
            "operation",
            "update",
            "table",
            table,
            "columns",
            List.of("id", "qty"),
            "keyColumns",
            List.of("id"));
    assertThat(run(update, List.of(Item.of(row(2, "ignored", 30)))).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    Map<String, Object> all =
        params(
            "operation",
            "select",
            "table",
            table,
            "columns",
            List.of("id", "name", "qty"),
            "orderBy",
            List.of("id"));
    assertThat(rows(run(all, List.of(Item.of(Map.of())))))
        .containsExactly(row(1, "renamed", 2), row(2, "second", 30));
  }

  @Test
  void runs_a_statement_with_parameters_and_reports_rows_affected() throws Exception {
    sql("INSERT INTO " + table + " (id, name, qty) VALUES (1, 'a', 5), (2, 'b', 50)");
    Map<String, Object> query =
        params(
            "operation",
            "executeQuery",
            "query",
            "SELECT name FROM " + table + " WHERE qty > ? ORDER BY id",
            "queryParameters",
            List.of("{{ $json.min }}"));
    assertThat(rows(run(query, List.of(Item.of(Map.of("min", 10))))))
        .containsExactly(Map.of("name", "b"));

    Map<String, Object> delete =
        params(
            "operation",
            "executeQuery",
            "query",
            "DELETE FROM " + table + " WHERE qty < ?",
            "queryParameters",
            List.of(100));
    assertThat(rows(run(delete, List.of(Item.of(Map.of())))))
        .containsExactly(Map.of("rowsAffected", 2));
    assertThat(count()).isZero();
  }

  @Test
  void values_never_become_sql_and_names_are_checked() throws Exception {
    String hostile = "x'); DROP TABLE " + table + "; --";
    run(params("operation", "insert", "table", table), List.of(Item.of(row(1, hostile, 1))));
    Map<String, Object> byName =
        params("operation", "select", "table", table, "where", Map.of("name", hostile));
    assertThat(rows(run(byName, List.of(Item.of(Map.of())))))
        .extracting(r -> r.get("name"))
        .containsExactly(hostile);

    Execution badTable =
        run(
            params("operation", "select", "table", table + "; DROP TABLE " + table),
            List.of(Item.of(Map.of())));
    assertThat(badTable.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'table'");
    Map<String, Object> hostileColumn = new LinkedHashMap<>(row(2, "n", 1));
    hostileColumn.put("qty) VALUES (1); --", 1);
    Execution badColumn =
        run(params("operation", "insert", "table", table), List.of(Item.of(hostileColumn)));
    assertThat(badColumn.error().orElseThrow()).hasMessageContaining("parameter 'columns'");
    assertThat(count()).as("the table is still there, with its one row").isEqualTo(1);
  }

  @Test
  void a_failing_item_rolls_back_the_whole_call() throws Exception {
    Execution run =
        run(
            params("operation", "insert", "table", table),
            List.of(
                Item.of(row(1, "a", 1)), Item.of(row(2, "b", 2)), Item.of(row(1, "duplicate", 3))));
    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("item 2")
        .hasMessageContaining("refused the statement");
    assertThat(count()).as("rolled back").isZero();
  }

  @Test
  void json_values_are_written_as_json() {
    Map<String, Object> item = new LinkedHashMap<>(row(1, "doc", 1));
    item.put("doc", Map.of("tags", List.of("a", "b")));
    assertThat(run(params("operation", "insert", "table", table), List.of(Item.of(item))).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    Object doc =
        rows(run(
                params("operation", "select", "table", table, "columns", List.of("doc")),
                List.of(Item.of(Map.of()))))
            .getFirst()
            .get("doc");
    if (jsonColumnReadsAsJson()) {
      assertThat(doc).isEqualTo(Map.of("tags", List.of("a", "b")));
    } else {
      assertThat(doc).isEqualTo("{\"tags\":[\"a\",\"b\"]}");
    }
  }

  @Test
  void a_refused_login_fails_without_retry() {
    try (Engine refused = engine(refusedCredential())) {
      Execution run =
          run(refused, params("operation", "select", "table", table), List.of(Item.of(Map.of())));
      assertThat(run.error().orElseThrow())
          .isInstanceOf(NonRetryableNodeException.class)
          .hasMessageContaining("refused the credential's login");
      assertThat(run.error().orElseThrow().getMessage()).doesNotContain("s3cret");
    }
  }

  @Test
  void a_database_that_cannot_be_reached_fails_retryably() throws Exception {
    Map<String, Object> closed = new LinkedHashMap<>(credential());
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed.put("port", s.getLocalPort());
    }
    try (Engine unreachable = engine(closed)) {
      Execution run =
          run(
              unreachable,
              params("operation", "select", "table", table),
              List.of(Item.of(Map.of())));
      assertThat(run.error().orElseThrow())
          .isInstanceOf(RetryableNodeException.class)
          .hasMessageContaining("cannot be reached");
    }
  }

  @Test
  void a_host_that_would_add_jdbc_parameters_is_refused() {
    Map<String, Object> hostile = new LinkedHashMap<>(credential());
    hostile.put("host", "127.0.0.1/test?socketFactory=evil.Factory&x=");
    try (Engine e = engine(hostile)) {
      Execution run =
          run(e, params("operation", "select", "table", table), List.of(Item.of(Map.of())));
      assertThat(run.error().orElseThrow())
          .isInstanceOf(NonRetryableNodeException.class)
          .hasMessageContaining("'host' is not a host name");
    }
  }
}
