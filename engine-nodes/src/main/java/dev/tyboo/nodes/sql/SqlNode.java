package dev.tyboo.nodes.sql;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.workflow.NodeDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the Postgres and MySQL nodes share: the operations, run in one transaction per node call,
 * with every value bound as a statement parameter and every table and column name checked and
 * quoted (nothing an item holds is ever written into the SQL text).
 */
final class SqlNode {

  /** The most rows one read returns. */
  static final int MAX_ROWS = 100_000;

  /** What the node does. */
  enum Operation {
    executeQuery,
    insert,
    update,
    upsert,
    select
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param query the statement of {@code executeQuery}, with {@code ?} for each parameter
   * @param queryParameters the values of the {@code ?}s, in order
   * @param table the table to write or read, optionally {@code schema.table}
   * @param columns the item fields written (insert, update, upsert) or the columns read (select);
   *     by default all of the item's fields, or all columns
   * @param keyColumns the columns that identify a row (update, upsert)
   * @param where column values a selected row must have (null matches NULL)
   * @param orderBy the columns to sort by, each optionally followed by {@code desc}
   * @param limit the most rows a read returns (at most 100,000)
   * @param offset how many rows a select skips, for paging
   * @param timeout how long one statement may run
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @RequiredWhen(parameter = "operation", is = "executeQuery") String query,
      List<Object> queryParameters,
      @RequiredWhen(
              parameter = "operation",
              is = {"insert", "update", "upsert", "select"})
          String table,
      List<String> columns,
      @RequiredWhen(
              parameter = "operation",
              is = {"update", "upsert"})
          List<String> keyColumns,
      Map<String, Object> where,
      List<String> orderBy,
      @Param(defaultValue = "1000") int limit,
      @Param(defaultValue = "0") int offset,
      @Param(defaultValue = "PT30S") Duration timeout) {}

  private SqlNode() {}

  static NodeDefinition query(NodeType type, String sql, Object... parameters) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("operation", Operation.executeQuery.name());
    p.put("query", Objects.requireNonNull(sql, "sql"));
    p.put("queryParameters", List.of(parameters));
    return NodeDefinition.of(type, p);
  }

  static NodeDefinition insert(NodeType type, String table) {
    return NodeDefinition.of(
        type,
        Map.of(
            "operation", Operation.insert.name(), "table", Objects.requireNonNull(table, "table")));
  }

  static NodeDefinition upsert(NodeType type, String table, String... keyColumns) {
    return NodeDefinition.of(
        type,
        Map.of(
            "operation", Operation.upsert.name(),
            "table", Objects.requireNonNull(table, "table"),
            "keyColumns", List.of(keyColumns)));
  }

  static NodeResult execute(NodeContext ctx, SqlDialect dialect) {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    Parameters first = ctx.parameters(0, Parameters.class);
    int seconds = seconds(first.timeout(), 0);
    List<Item> out = new ArrayList<>();
    int i = 0;
    try (Connection c = dialect.connect(ctx.credential(dialect.credentialType), seconds)) {
      c.setAutoCommit(false);
      try {
        for (; i < input.size(); i++) {
          Parameters p = i == 0 ? first : ctx.parameters(i, Parameters.class);
          out.addAll(run(c, dialect, p, input.get(i), i));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e, dialect, Math.min(i, input.size() - 1));
    } catch (IllegalArgumentException e) {
      throw NodeFailure.of(e.getMessage());
    }
    return NodeResult.of(out);
  }

  private static List<Item> run(Connection c, SqlDialect dialect, Parameters p, Item item, int i)
      throws SQLException {
    if (p.limit() < 1 || p.limit() > MAX_ROWS) {
      throw NodeFailure.badParameter("limit", i, "must be from 1 to " + MAX_ROWS, p.limit());
    }
    if (p.offset() < 0) {
      throw NodeFailure.badParameter("offset", i, "must be >= 0", p.offset());
    }
    int seconds = seconds(p.timeout(), i);
    return switch (p.operation()) {
      case executeQuery -> {
        try (PreparedStatement s = c.prepareStatement(p.query())) {
          s.setQueryTimeout(seconds);
          s.setMaxRows(p.limit());
          List<Object> values = p.queryParameters() == null ? List.of() : p.queryParameters();
          for (int k = 0; k < values.size(); k++) {
            bind(s, k + 1, values.get(k));
          }
          if (s.execute()) {
            try (ResultSet rs = s.getResultSet()) {
              yield rows(rs, p.limit());
            }
          }
          yield List.of(Item.of(Map.of("rowsAffected", s.getUpdateCount())));
        }
      }
      case insert, upsert -> {
        List<String> columns = columns(p, item, i);
        StringBuilder sql =
            new StringBuilder("INSERT INTO ")
                .append(table(dialect, p, i))
                .append(" (")
                .append(String.join(", ", columns.stream().map(dialect::quote).toList()))
                .append(") VALUES (")
                .append(String.join(", ", columns.stream().map(col -> "?").toList()))
                .append(')');
        if (p.operation() == Operation.upsert) {
          List<String> keys = keys(p, columns, i);
          sql.append(dialect.upsertClause(keys, columns));
        }
        write(c, sql.toString(), columns, item, seconds);
        yield List.of(item);
      }
      case update -> {
        List<String> columns = columns(p, item, i);
        List<String> keys = keys(p, columns, i);
        List<String> set = columns.stream().filter(col -> !keys.contains(col)).toList();
        if (set.isEmpty()) {
          throw NodeFailure.badParameter(
              "columns", i, "must name a column besides the key columns", columns);
        }
        String sql =
            "UPDATE "
                + table(dialect, p, i)
                + " SET "
                + String.join(", ", set.stream().map(col -> dialect.quote(col) + " = ?").toList())
                + " WHERE "
                + String.join(
                    " AND ", keys.stream().map(col -> dialect.quote(col) + " = ?").toList());
        List<String> order = new ArrayList<>(set);
        order.addAll(keys);
        write(c, sql, order, item, seconds);
        yield List.of(item);
      }
      case select -> select(c, dialect, p, i, seconds);
    };
  }

  private static List<Item> select(
      Connection c, SqlDialect dialect, Parameters p, int i, int seconds) throws SQLException {
    List<String> columns = p.columns() == null ? List.of() : p.columns();
    for (String col : columns) {
      checkColumn("columns", col, i);
    }
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(
                columns.isEmpty()
                    ? "*"
                    : String.join(", ", columns.stream().map(dialect::quote).toList()))
            .append(" FROM ")
            .append(table(dialect, p, i));
    List<Object> values = new ArrayList<>();
    Map<String, Object> where = p.where() == null ? Map.of() : p.where();
    if (!where.isEmpty()) {
      List<String> conditions = new ArrayList<>();
      for (Map.Entry<String, Object> e : where.entrySet()) {
        checkColumn("where", e.getKey(), i);
        if (e.getValue() == null) {
          conditions.add(dialect.quote(e.getKey()) + " IS NULL");
        } else {
          conditions.add(dialect.quote(e.getKey()) + " = ?");
          values.add(e.getValue());
        }
      }
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    if (p.orderBy() != null && !p.orderBy().isEmpty()) {
      List<String> order = new ArrayList<>();
      for (String entry : p.orderBy()) {
        String[] parts = entry.trim().split("\\s+");
        String direction = parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : "asc";
        if (parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
          throw NodeFailure.badParameter(
              "orderBy", i, "entries are a column, optionally followed by asc or desc", entry);
        }
        checkColumn("orderBy", parts[0], i);
        order.add(dialect.quote(parts[0]) + " " + direction.toUpperCase(Locale.ROOT));
      }
      sql.append(" ORDER BY ").append(String.join(", ", order));
    }
    sql.append(" LIMIT ? OFFSET ?");
    values.add(p.limit());
    values.add(p.offset());
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      s.setQueryTimeout(seconds);
      for (int k = 0; k < values.size(); k++) {
        bind(s, k + 1, values.get(k));
      }
      try (ResultSet rs = s.executeQuery()) {
        return rows(rs, p.limit());
      }
    }
  }

  private static void write(Connection c, String sql, List<String> columns, Item item, int seconds)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setQueryTimeout(seconds);
      for (int k = 0; k < columns.size(); k++) {
        bind(s, k + 1, item.json().get(columns.get(k)));
      }
      s.executeUpdate();
    }
  }

  private static String table(SqlDialect dialect, Parameters p, int i) {
    if (!SqlDialect.isIdentifier(p.table())) {
      throw NodeFailure.badParameter(
          "table",
          i,
          "must be a name of letters, digits and underscores (schema.table allowed)",
          p.table());
    }
    return dialect.quote(p.table());
  }

  private static List<String> columns(Parameters p, Item item, int i) {
    List<String> columns =
        p.columns() == null || p.columns().isEmpty()
            ? List.copyOf(item.json().keySet())
            : p.columns();
    if (columns.isEmpty()) {
      throw NodeFailure.of(i, "the item has no fields to write and 'columns' names none");
    }
    for (String col : columns) {
      checkColumn("columns", col, i);
    }
    return columns;
  }

  private static List<String> keys(Parameters p, List<String> columns, int i) {
    List<String> keys = p.keyColumns();
    if (keys == null || keys.isEmpty()) {
      throw NodeFailure.missingParameter("keyColumns", i, "for operation " + p.operation());
    }
    for (String key : keys) {
      checkColumn("keyColumns", key, i);
      if (!columns.contains(key)) {
        throw NodeFailure.badParameter("keyColumns", i, "must be among the written columns", key);
      }
    }
    return keys;
  }

  private static void checkColumn(String parameter, String name, int i) {
    if (!SqlDialect.isIdentifier(name) || name.contains(".")) {
      throw NodeFailure.badParameter(
          parameter, i, "must name columns of letters, digits and underscores", name);
    }
  }

  private static int seconds(Duration timeout, int i) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw NodeFailure.badParameter("timeout", i, "must be positive", timeout);
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
  }

  private static void bind(PreparedStatement s, int index, Object value) throws SQLException {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      try {
        s.setString(index, JSON.writeValueAsString(value));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("an item value is not JSON", e);
      }
    } else {
      s.setObject(index, value);
    }
  }

  private static List<Item> rows(ResultSet rs, int limit) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<Item> rows = new ArrayList<>();
    while (rows.size() < limit && rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int k = 1; k <= meta.getColumnCount(); k++) {
        row.put(meta.getColumnLabel(k), value(rs.getObject(k)));
      }
      rows.add(Item.of(row));
    }
    return rows;
  }

  private static Object value(Object v) throws SQLException {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Short s -> s.intValue();
      case Byte b -> b.intValue();
      case Number n -> n;
      case java.sql.Timestamp t -> t.toInstant().toString();
      case java.sql.Date d -> d.toLocalDate().toString();
      case java.sql.Time t -> t.toLocalTime().toString();
      case java.time.temporal.TemporalAccessor t -> t.toString();
      case byte[] b -> Base64.getEncoder().encodeToString(b);
      case java.sql.Array a -> {
        List<Object> list = new ArrayList<>();
        for (Object element : (Object[]) a.getArray()) {
          list.add(value(element));
        }
        yield list;
      }
      case java.sql.Clob clob ->
          clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
      default -> json(v.toString(), v.getClass().getName());
    };
  }

  /** A driver's own type (PostgreSQL's json, jsonb, uuid, interval): JSON when it parses. */
  private static Object json(String text, String type) {
    if (type.equals("org.postgresql.util.PGobject")) {
      try {
        return JSON.readValue(text, Object.class);
      } catch (java.io.IOException notJson) {
        return text;
      }
    }
    return text;
  }

  private static RuntimeException failure(SQLException e, SqlDialect dialect, int item) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage();
    if (state.startsWith("28")) {
      return NodeFailure.of("the database refused the credential's login: " + message);
    }
    if (state.equals("TYB01")) {
      return NodeFailure.of(message);
    }
    if (state.startsWith("08")
        || state.startsWith("40")
        || state.startsWith("57")
        || e instanceof SQLTransientException
        || e instanceof SQLRecoverableException) {
      return NodeFailure.retryable(
          item,
          "the " + dialect.credentialType + " database cannot be reached or gave way: " + message,
          e);
    }
    return NodeFailure.of(
        item, "the database refused the statement (SQLState " + state + "): " + message);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}
