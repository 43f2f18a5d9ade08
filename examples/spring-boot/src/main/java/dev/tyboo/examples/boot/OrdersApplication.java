package dev.tyboo.examples.boot;

import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.data.EditFields;
import dev.tyboo.nodes.trigger.ScheduleTrigger;
import dev.tyboo.nodes.trigger.Scheduler;
import dev.tyboo.nodes.webhook.Webhook;
import dev.tyboo.nodes.webhook.WebhookDispatcher;
import dev.tyboo.spi.schedule.ScheduleLedger;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that embeds the engine. The starter makes the {@link Engine}, durable
 * on the application's PostgreSQL {@code DataSource} ({@code application.properties}); this class
 * adds what the application is about:
 *
 * <ul>
 *   <li>{@code orders}, started by {@code POST /webhook/orders} ({@link WebhookController}): prices
 *       an order and answers with it when the workflow is done;
 *   <li>{@code stock-report}, started by a {@link Scheduler} every {@code orders.report-every} (one
 *       minute by default); with the schedule ledger in PostgreSQL, several instances of this
 *       application fire each time once between them.
 * </ul>
 *
 * <pre>
 * ./mvnw -pl examples/spring-boot -am compile exec:java
 * curl -X POST localhost:8080/webhook/orders -H 'Content-Type: application/json' \
 *      -d '{"sku": "A1", "qty": 3}'
 * curl localhost:8080/actuator/health
 * </pre>
 */
@SpringBootApplication
public class OrdersApplication {

  /** For Spring. */
  public OrdersApplication() {}

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments, for example {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }

  /**
   * {@return the webhook dispatcher, with the {@code orders} workflow registered} Spring closes it
   * before the engine.
   *
   * @param engine the engine the starter made
   */
  @Bean
  public WebhookDispatcher webhooks(Engine engine) {
    WebhookDispatcher dispatcher = WebhookDispatcher.builder(engine).build();
    dispatcher.register(orders());
    return dispatcher;
  }

  /**
   * {@return the scheduler, firing {@code stock-report}} It claims each fire in the database, so
   * that one instance of several starts it.
   *
   * @param engine the engine the starter made
   * @param ledger the schedule ledger in the engine's storage, also from the starter
   * @param every how often the report runs
   */
  @Bean(destroyMethod = "close")
  public Scheduler scheduler(
      Engine engine, ScheduleLedger ledger, @Value("${orders.report-every:PT1M}") Duration every) {
    Scheduler scheduler =
        Scheduler.builder(engine).ledger(ledger).pollInterval(pollFor(every)).build();
    scheduler.register(stockReport(every));
    scheduler.start();
    return scheduler;
  }

  private static Duration pollFor(Duration every) {
    Duration tenth = every.dividedBy(10);
    return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? tenth : Duration.ofSeconds(1);
  }

  /** {@return the workflow behind {@code POST /webhook/orders}} */
  static Workflow orders() {
    return Workflow.named("orders")
        .node(
            "order", Webhook.builder("orders").responseMode(Webhook.ResponseMode.LAST_NODE).build())
        .node(
            "price",
            EditFields.builder()
                .set("sku", "{{ $json.body.sku }}")
                .set("qty", "{{ $json.body.qty }}")
                .set("total", "{{ $json.body.qty * 4.5 }}")
                .keepOnlySet()
                .build())
        .connect("order", "price")
        .build();
  }

  /**
   * {@return the scheduled workflow}
   *
   * @param every how often it runs
   */
  static Workflow stockReport(Duration every) {
    return Workflow.named("stock-report")
        .node("tick", ScheduleTrigger.every(every))
        .node(
            "report",
            EditFields.builder()
                .set("report", "stock levels checked")
                .set("firedAt", "{{ $json.scheduledFor }}")
                .keepOnlySet()
                .build())
        .connect("tick", "report")
        .build();
  }
}
