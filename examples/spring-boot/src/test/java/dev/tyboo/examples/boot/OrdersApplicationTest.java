package dev.tyboo.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application, started as its main method starts it, on PostgreSQL (in a schema of its
 * own): the webhook answers with the workflow's result, the schedule fires, Actuator reports.
 */
class OrdersApplicationTest {

  private static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("TYBOO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String POSTGRES_USER =
      System.getenv().getOrDefault("TYBOO_TEST_POSTGRES_USER", "postgres");
  private static final String SCHEMA =
      "orders_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  private static ConfigurableApplicationContext app;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    sql("CREATE SCHEMA " + SCHEMA);
    app =
        SpringApplication.run(
            OrdersApplication.class,
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.datasource.url=" + POSTGRES_URL + "?currentSchema=" + SCHEMA,
            "--spring.datasource.username=" + POSTGRES_USER,
            "--orders.report-every=PT1S");
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      Engine engine = app.getBean(Engine.class);
      app.close();
      assertThat(engine.isShutdown()).as("the engine closes with the application").isTrue();
    }
    sql("DROP SCHEMA " + SCHEMA + " CASCADE");
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static int succeeded(String workflow) throws Exception {
    try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM "
                    + SCHEMA
                    + ".ordersdemo_execution WHERE status = 'SUCCEEDED' AND workflow_name = '"
                    + workflow
                    + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_webhook_starts_the_orders_workflow_and_answers_with_its_result() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + "/webhook/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\": \"A1\", \"qty\": 3}")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().replace(" ", ""))
        .contains("\"sku\":\"A1\"")
        .contains("\"qty\":3")
        .contains("\"total\":13.5");
    assertThat(succeeded("orders")).as("kept in PostgreSQL").isEqualTo(1);
  }

  @Test
  void an_unknown_webhook_is_not_found() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + "/webhook/nothing-here"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void the_scheduled_workflow_fires_and_runs_durably() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (succeeded("stock-report") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(succeeded("stock-report")).as("fired every second").isGreaterThanOrEqualTo(2);
  }

  @Test
  void actuator_reports_the_engines_health_and_metrics() throws Exception {
    HttpResponse<String> health =
        send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"tyboo\"").contains("\"UP\"");

    HttpResponse<String> metric =
        send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/tyboo.queue.depth")));
    assertThat(metric.statusCode()).isEqualTo(200);
    assertThat(metric.body()).contains("\"name\":\"tyboo.queue.depth\"");
  }
}
