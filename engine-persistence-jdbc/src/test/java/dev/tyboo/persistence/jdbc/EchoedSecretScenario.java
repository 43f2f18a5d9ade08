package dev.tyboo.persistence.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.StartOptions;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.workflow.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link EchoedSecretTest} in a JVM of its own that logs every level to standard out: a
 * tenant's workflow calls an API that echoes every request header into its error body, with a
 * bearer token, an API-key header and Basic credentials, on a durable engine over a database
 * ({@code h2} or {@code postgresql}, in the system property {@code tyboo.scenario.database}). Then
 * it prints everything the engine emitted and stored: events, every row of every table, and the
 * data subject's export.
 */
public final class EchoedSecretScenario {

  /** The bearer token. */
  public static final String TOKEN = "tok-7f3c1d9a-ECHOED-1";

  /** The API key sent in a header. */
  public static final String API_KEY = "key-2b8e44f0-ECHOED-2";

  /** The Basic password. */
  public static final String PASSWORD = "pw-91aa03cd-ECHOED-3";

  /** The Basic user. */
  public static final String USER = "svc-robot";

  /** Printed before the stored state. */
  public static final String STATE = "=== stored state ===";

  private EchoedSecretScenario() {}

  /**
   * Runs the scenario.
   *
   * @param args none
   * @throws Exception when it cannot run
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    HttpServer echo =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext("/echo", EchoedSecretScenario::echoHeaders);
    echo.start();
    String url = "http://127.0.0.1:" + echo.getAddress().getPort() + "/echo";
    Dialect dialect =
        "postgresql".equals(System.getProperty("tyboo.scenario.database"))
            ? Dialect.POSTGRESQL
            : Dialect.H2;
    StringBuilder events = new StringBuilder();
    try (TestDatabase db = TestDatabase.create(dialect)) {
      Storage storage = JdbcStorage.create(db.dataSource());
      AuditLog audit = JdbcStorage.auditLog(storage);
      CredentialVault vault =
          CredentialVault.builder(
                  JdbcStorage.credentialStore(storage),
                  KeyProvider.of(MasterKey.of("k1", new byte[32])))
              .build();
      try (Engine engine =
          Engine.builder()
              .storage(storage)
              .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(5)).build())
              .discoverNodeTypes(EchoedSecretScenario.class.getClassLoader())
              .credentialVault(vault)
              .auditLog(audit)
              .networkPolicy(NetworkPolicy.unrestricted()) // the echo server is on loopback
              .retryPolicy(
                  RetryPolicy.builder()
                      .maxAttempts(2)
                      .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                      .build())
              .listener(e -> events.append(e).append('\n'))
              .build()) {
        AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
        acme.createCredential("httpBearerAuth", "api", Map.of("token", TOKEN));
        acme.createCredential(
            "httpHeaderAuth", "key", Map.of("name", "X-Api-Key", "value", API_KEY));
        acme.createCredential("httpBasicAuth", "basic", Map.of("user", USER, "password", PASSWORD));
        acme.deploy(
            engine.readWorkflow(
                """
                {"name": "echo", "nodes": [
                  {"id": "bearer", "type": "httpRequest", "continueOnFail": true,
                   "parameters": {"url": "%1$s", "authentication": "bearer"},
                   "credentials": {"httpBearerAuth": "api"}},
                  {"id": "header", "type": "httpRequest", "continueOnFail": true,
                   "parameters": {"url": "%1$s?key=%2$s", "authentication": "header"},
                   "credentials": {"httpHeaderAuth": "key"}},
                  {"id": "basic", "type": "httpRequest",
                   "parameters": {"url": "%1$s", "authentication": "basic"},
                   "credentials": {"httpBasicAuth": "basic"}}
                ]}
                """
                    .formatted(url, "{{ $json.keyEcho }}")));
        Execution run =
            acme.start(
                "echo",
                List.of(Item.of(Map.of("keyEcho", "none"))),
                StartOptions.subjects("subject-7"));
        out.println("status: " + run.await(Duration.ofSeconds(30)));
        run.error().ifPresent(e -> e.printStackTrace(out));
        run.nodeRuns().forEach((node, r) -> out.println(node + ": " + r));

        out.println(STATE);
        out.print(events);
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        acme.subjects().export("subject-7", export);
        out.println(export.toString(StandardCharsets.UTF_8));
        dump(db, out);
      }
    } finally {
      echo.stop(0);
    }
  }

  private static void echoHeaders(HttpExchange x) throws IOException {
    x.getRequestBody().readAllBytes();
    StringBuilder body = new StringBuilder("you sent:\n");
    x.getRequestHeaders().forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
    body.append("query: ").append(x.getRequestURI().getRawQuery()).append('\n');
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(500, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  /** Prints every row of every table of the engine's. */
  private static void dump(TestDatabase db, PrintStream out) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      List<String> tables = new java.util.ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String t = rs.getString("TABLE_NAME");
          String schema = rs.getString("TABLE_SCHEM");
          if (t.toLowerCase().startsWith("tyboo_")
              && (dialect(db) != Dialect.POSTGRESQL || db.url.contains(schema))) {
            tables.add(t);
          }
        }
      }
      out.println("tables: " + tables);
      for (String t : tables) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
          ResultSetMetaData m = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(t.toLowerCase()).append(':');
            for (int col = 1; col <= m.getColumnCount(); col++) {
              Object v = rs.getObject(col);
              if (!(v instanceof byte[]) && v != null) {
                v = rs.getString(col); // CLOBs and JSON columns as their text
              }
              row.append(' ')
                  .append(m.getColumnName(col))
                  .append('=')
                  .append(
                      v instanceof byte[] b
                          ? HexFormat.of().formatHex(b)
                              + " / "
                              + new String(b, StandardCharsets.UTF_8)
                          : v);
            }
            out.println(row);
          }
        }
      }
    }
  }

  private static Dialect dialect(TestDatabase db) {
    return db.dialect;
  }
}
