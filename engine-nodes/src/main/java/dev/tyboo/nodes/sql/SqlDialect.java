package dev.tyboo.nodes.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** What differs between the databases the SQL nodes reach: URLs, quoting, upserts. */
enum SqlDialect {
  POSTGRES("postgres", 5432, '"', "org.postgresql:postgresql"),
  MYSQL("mysql", 3306, '`', "org.mariadb.jdbc:mariadb-java-client or com.mysql:mysql-connector-j");

  /** A table or column name: letters, digits and underscores, optionally schema-qualified. */
  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  /**
   * A host name, an IPv4 address or a bracketed IPv6 address, and a database name: nothing that
   * could add a parameter to the JDBC URL (some drivers load classes named there).
   */
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\]");

  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.$-]{0,62}");

  final String credentialType;
  private final int defaultPort;
  private final char quote;
  private final String driver;

  SqlDialect(String credentialType, int defaultPort, char quote, String driver) {
    this.credentialType = credentialType;
    this.defaultPort = defaultPort;
    this.quote = quote;
    this.driver = driver;
  }

  /** {@return whether a name may be used as a table or column} */
  static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  /** {@return a checked identifier, quoted} */
  String quote(String identifier) {
    StringBuilder b = new StringBuilder();
    for (String part : identifier.split("\\.")) {
      if (!b.isEmpty()) {
        b.append('.');
      }
      b.append(quote).append(part).append(quote);
    }
    return b.toString();
  }

  /** {@return the clause that makes an insert an upsert on the key columns} */
  String upsertClause(List<String> keys, List<String> columns) {
    List<String> updated = columns.stream().filter(c -> !keys.contains(c)).toList();
    if (this == POSTGRES) {
      String conflict = String.join(", ", keys.stream().map(this::quote).toList());
      if (updated.isEmpty()) {
        return " ON CONFLICT (" + conflict + ") DO NOTHING";
      }
      return " ON CONFLICT ("
          + conflict
          + ") DO UPDATE SET "
          + String.join(
              ", ", updated.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList());
    }
    List<String> set =
        (updated.isEmpty() ? keys : updated)
            .stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")").toList();
    return " ON DUPLICATE KEY UPDATE " + String.join(", ", set);
  }

  /**
   * {@return a connection from a credential}: {@code host}*, {@code port}, {@code database}*,
   * {@code user}*, {@code password}, {@code ssl} (false)
   */
  Connection connect(Map<String, Object> credential, int timeoutSeconds) throws SQLException {
    String host = text(credential, "host");
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException(credentialType + " credential: 'host' is not a host name");
    }
    String database = text(credential, "database");
    if (!DATABASE.matcher(database).matches()) {
      throw new IllegalArgumentException(
          credentialType + " credential: 'database' is not a database name");
    }
    String user = text(credential, "user");
    int port = credential.get("port") instanceof Number n ? n.intValue() : defaultPort;
    boolean ssl = Boolean.TRUE.equals(credential.get("ssl"));
    Properties props = new Properties();
    props.setProperty("user", user);
    if (credential.get("password") instanceof String p) {
      props.setProperty("password", p);
    }
    String url;
    if (this == POSTGRES) {
      // untyped strings let PostgreSQL cast text to json, uuid or timestamp columns itself
      props.setProperty("stringtype", "unspecified");
      props.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
      props.setProperty("sslmode", ssl ? "verify-full" : "disable");
      url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
    } else {
      props.setProperty("connectTimeout", String.valueOf(timeoutSeconds * 1000));
      String scheme = driverFor("jdbc:mariadb://") ? "mariadb" : "mysql";
      if (ssl) {
        props.setProperty("sslMode", scheme.equals("mariadb") ? "verify-full" : "VERIFY_IDENTITY");
      }
      url = "jdbc:" + scheme + "://" + host + ":" + port + "/" + database;
    }
    if (!driverFor(url)) {
      throw new SQLException(
          "no JDBC driver for " + credentialType + " on the class path: add " + driver, "TYB01");
    }
    DriverManager.setLoginTimeout(timeoutSeconds);
    return DriverManager.getConnection(url, props);
  }

  private static boolean driverFor(String url) {
    try {
      DriverManager.getDriver(url);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private String text(Map<String, Object> credential, String field) {
    if (credential.get(field) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new IllegalArgumentException(credentialType + " credential needs a '" + field + "'");
  }
}
