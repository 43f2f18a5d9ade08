package dev.tyboo.persistence.jdbc.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The host's data source seen through a table prefix and a schema: every SQL text the engine sends
 * names its objects ({@code tyboo_execution}, the {@code tyboo_work} channel, ...) with the prefix
 * in place of {@code tyboo}, and every connection works in the schema while the engine holds it
 * (its schema is put back when the engine returns it to the host's pool).
 */
public final class NamingDataSource implements DataSource {

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,15}");
  private static final Pattern NAMES = Pattern.compile("(?i)\\btyboo(\\\\?_)");
  private static final Set<String> SQL_METHODS =
      Set.of(
          "prepareStatement",
          "prepareCall",
          "nativeSQL",
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "addBatch");

  /** At most this many renamed texts are remembered (batch statements vary with their size). */
  private static final int MAX_REMEMBERED = 1024;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(NamingDataSource.class);

  private final DataSource target;
  private final String prefix;
  private final String schema;
  private final java.util.Map<String, String> renamed =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Creates the view.
   *
   * @param target the host's data source
   * @param prefix what replaces {@code tyboo} in object names: a lower-case letter, then up to 15
   *     lower-case letters or digits; {@code null} for {@code tyboo}
   * @param schema the schema the engine's objects live in, or {@code null} for the connection's own
   * @throws IllegalArgumentException when the prefix is malformed
   */
  public NamingDataSource(DataSource target, String prefix, String schema) {
    if (prefix != null && !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "table prefix '"
              + prefix
              + "' must be a lower-case letter and up to 15 lower-case letters or digits");
    }
    this.target = target;
    this.prefix = prefix;
    this.schema = schema;
  }

  /** {@return the SQL text with the prefix in its object names} */
  String rename(String sql) {
    if (prefix == null || sql == null) {
      return sql;
    }
    String known = renamed.get(sql); // the engine's statements are few and prepared again and again
    if (known != null) {
      return known;
    }
    String done = renameNow(sql);
    if (renamed.size() < MAX_REMEMBERED) {
      renamed.put(sql, done);
    }
    return done;
  }

  private String renameNow(String sql) {
    Matcher m = NAMES.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length() + 8);
    while (m.find()) {
      String word = m.group().substring(0, 5);
      String replacement = Character.isUpperCase(word.charAt(0)) ? prefix.toUpperCase() : prefix;
      m.appendReplacement(out, Matcher.quoteReplacement(replacement + m.group(1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(target.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(target.getConnection(username, password));
  }

  private Connection wrap(Connection c) throws SQLException {
    String before = null;
    if (schema != null) {
      try {
        before = c.getSchema();
        c.setSchema(schema);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    }
    String restore = before;
    return proxy(
        Connection.class,
        c,
        (m, args) -> {
          if (m.getName().equals("close") && schema != null && restore != null && !c.isClosed()) {
            try {
              c.setSchema(restore); // the host's pool gets the connection back as it gave it
            } catch (SQLException e) {
              // the connection is likely broken; the pool's own check decides whether to keep it
              LOG.warn(
                  "cannot put schema {} back on a connection the engine used (it stays in {}): {}",
                  restore,
                  schema,
                  e.toString());
            }
          }
          Object result = invoke(c, m, args);
          return result instanceof Statement s && m.getName().equals("createStatement")
              ? proxy(Statement.class, s, (sm, sargs) -> invoke(s, sm, sargs))
              : result;
        });
  }

  /** Calls a method on the target with the SQL text of its first argument renamed. */
  private Object invoke(Object target, Method m, Object[] args) throws Throwable {
    if (args != null
        && args.length > 0
        && args[0] instanceof String sql
        && SQL_METHODS.contains(m.getName())) {
      args[0] = rename(sql);
    }
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** What a proxy does with a call. */
  @FunctionalInterface
  private interface Call {
    Object handle(Method m, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Object target, Call call) {
    ClassLoader loader = target.getClass().getClassLoader();
    return type.cast(
        Proxy.newProxyInstance(
            loader != null ? loader : NamingDataSource.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, args) -> call.handle(m, args)));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || target.isWrapperFor(iface);
  }
}
