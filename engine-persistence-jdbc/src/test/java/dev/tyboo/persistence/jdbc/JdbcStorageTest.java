package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.CorruptRecordException;
import dev.tyboo.error.StorageException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The engine on JDBC storage (PostgreSQL), and the storage's answers to bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcStorageTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  private TestDatabase db;
  private Engine engine;

  @BeforeAll
  void createDatabase() {
    db = TestDatabase.withEffects(Dialect.POSTGRESQL);
  }

  @AfterAll
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void clear() {
    db.clear();
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.shutdown(Duration.ofSeconds(2));
    }
  }

  private Engine engine(Storage storage, NodeType effect) {
    engine =
        Engine.builder()
            .storage(storage)
            .durableOptions(
                DurableOptions.builder()
                    .workerId("t")
                    .leaseTime(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofSeconds(30)) // only notifications wake it quickly
                    .build())
            .nodeType(effect)
            .build();
    return engine;
  }

  @Test
  void runs_executions_to_the_end_woken_by_postgres_notifications() throws Exception {
    NodeType effect = Effects.type(db.dataSource(), "t", 0);
    Engine e = engine(JdbcStorage.create(db.dataSource()), effect);
    Thread.sleep(300); // let the first idle poll pass, so only a notification can wake the worker
    // submitted by another engine: the worker's own start would wake it without any notification
    Engine submitter =
        Engine.builder()
            .storage(JdbcStorage.create(db.dataSource()))
            .durableOptions(DurableOptions.builder().submitOnly().build())
            .nodeType(effect)
            .build();

    long started = System.nanoTime();
    Execution run = submitter.start(Effects.chain(effect, 4), List.of(Item.empty()));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("woken by NOTIFY, not by the 30 s poll")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(e.executions().find(run.id()).orElseThrow().nodeRuns()).hasSize(4);
    submitter.close();
  }

  @Test
  void large_outputs_spill_to_the_database_where_a_fresh_engine_reads_them() throws Exception {
    String big = "x".repeat(300_000); // over the 256 KiB spill threshold
    NodeDescriptor d = NodeDescriptor.builder("test.big").build();
    NodeType producer =
        new NodeType() {
          @Override
          public NodeDescriptor descriptor() {
            return d;
          }

          @Override
          public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(List.of(Item.of(Map.of("payload", big))));
          }
        };
    Engine first = engine(JdbcStorage.create(db.dataSource()), producer);
    Execution run =
        first.start(
            Workflow.named("big").node("make", NodeDefinition.of(producer, Map.of())).build(),
            List.of(Item.empty()));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    first.shutdown(Duration.ofSeconds(2));
    assertThat(
            db.query(
                "SELECT COUNT(*) FROM tyboo_node_run WHERE outputs_ref IS NOT NULL"
                    + " AND outputs_json IS NULL"))
        .isEqualTo(1);
    assertThat(db.query("SELECT COUNT(*) FROM tyboo_binary")).isEqualTo(1);

    Engine fresh = engine(JdbcStorage.create(db.dataSource()), producer); // as after a restart
    assertThat(fresh.executions().find(run.id()).orElseThrow().nodeRuns().get("make").mainOutput())
        .singleElement()
        .satisfies(item -> assertThat((String) item.get("payload")).hasSize(300_000));
  }

  @Test
  void writes_in_one_transaction_land_together_or_not_at_all() {
    Storage storage = JdbcStorage.create(db.dataSource());
    ExecutionId id = ExecutionId.of("tx-1");

    assertThatThrownBy(
            () ->
                storage
                    .transactions()
                    .inTransaction(
                        () -> {
                          storage.executions().create(record(id));
                          storage.queue().enqueue(id, null);
                          throw new IllegalStateException("crash between the writes");
                        }))
        .hasMessageContaining("crash");
    assertThat(storage.executions().find(id)).isEmpty();
    assertThat(storage.queue().size()).isZero();

    storage
        .transactions()
        .inTransaction(
            () -> {
              storage.executions().create(record(id));
              return storage.queue().enqueue(id, null);
            });
    assertThat(storage.executions().find(id)).isPresent();
    assertThat(storage.queue().size()).isEqualTo(1);
  }

  private static ExecutionRecord record(ExecutionId id) {
    return ExecutionRecord.newExecution(id, "wf", 1, "[]", null, null, Instant.now());
  }

  @Test
  void a_corrupt_checkpoint_row_dead_letters_its_execution_only() throws Exception {
    NodeType effect = Effects.type(db.dataSource(), "t", 0);
    Storage storage = JdbcStorage.create(db.dataSource());
    Engine e = engine(storage, effect);
    Execution good = e.start(Effects.chain(effect, 2), List.of(Item.empty()));
    assertThat(good.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    e.shutdown(Duration.ofSeconds(2));
    // a stored execution that has one checkpoint, then a broken one
    ExecutionId broken = ExecutionId.of("broken-1");
    storage
        .executions()
        .create(
            ExecutionRecord.newExecution(
                broken, "effects", 1, "[{\"json\":{}}]", null, null, Instant.now()));
    db.execute(
        "INSERT INTO tyboo_node_run (execution_id, node_id, run_index, status, attempts)"
            + " VALUES ('broken-1', 'n1', 0, 'EXPLODED', 1)");
    storage.queue().enqueue(broken, null);

    assertThatThrownBy(() -> storage.executions().nodeRuns(broken))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("tyboo_node_run")
        .hasMessageContaining("broken-1")
        .hasMessageContaining("n1")
        .hasMessageContaining("status");
    Engine again = engine(storage, effect);
    Execution next = again.start(Effects.chain(effect, 2), List.of(Item.empty()));
    assertThat(next.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (storage.queue().deadLetters().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(storage.queue().deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("tyboo_node_run").contains("EXPLODED"));
    assertThat(storage.executions().find(good.id()).orElseThrow().status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void a_schema_from_a_newer_version_is_refused_and_left_alone() {
    try (TestDatabase other = TestDatabase.create(Dialect.H2)) {
      Migrations.apply(other.dataSource());
      other.execute(
          "INSERT INTO tyboo_schema_version (version, name, applied_at) VALUES (99, 'future', 0)");

      assertThatThrownBy(() -> JdbcStorage.create(other.dataSource()))
          .isInstanceOf(SchemaVersionException.class)
          .hasMessageContaining("version 99")
          .hasMessageContaining("upgrade")
          .extracting(ex -> ((SchemaVersionException) ex).found())
          .isEqualTo(99);
      assertThatThrownBy(() -> JdbcStorage.builder(other.dataSource()).migrate(false).build())
          .isInstanceOf(SchemaVersionException.class);
    }
  }

  @Test
  void a_missing_schema_with_migrations_off_is_refused_with_what_to_do() {
    try (TestDatabase other = TestDatabase.create(Dialect.H2)) {
      assertThatThrownBy(() -> JdbcStorage.builder(other.dataSource()).migrate(false).build())
          .isInstanceOf(SchemaVersionException.class)
          .hasMessageContaining("version 0")
          .hasMessageContaining("Migrations.script");
    }
  }

  @Test
  void an_unsupported_database_is_named_in_the_error() {
    DataSource oracle = dataSourceClaiming("Oracle", "Oracle Database 23ai", 23, 0);
    assertThatThrownBy(() -> JdbcStorage.create(oracle))
        .isInstanceOf(UnsupportedDatabaseException.class)
        .hasMessageContaining("Oracle Database 23ai")
        .hasMessageContaining("PostgreSQL 12+");
    DataSource oldMaria = dataSourceClaiming("MariaDB", "10.3.39-MariaDB", 10, 3);
    assertThatThrownBy(() -> JdbcStorage.create(oldMaria))
        .isInstanceOf(UnsupportedDatabaseException.class)
        .hasMessageContaining("too old")
        .hasMessageContaining("10.6");
  }

  private static DataSource dataSourceClaiming(
      String product, String version, int major, int minor) {
    DatabaseMetaData meta =
        (DatabaseMetaData)
            Proxy.newProxyInstance(
                JdbcStorageTest.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class},
                (p, m, args) ->
                    switch (m.getName()) {
                      case "getDatabaseProductName" -> product;
                      case "getDatabaseProductVersion" -> version;
                      case "getDatabaseMajorVersion" -> major;
                      case "getDatabaseMinorVersion" -> minor;
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    Connection connection =
        (Connection)
            Proxy.newProxyInstance(
                JdbcStorageTest.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (p, m, args) ->
                    switch (m.getName()) {
                      case "getMetaData" -> meta;
                      case "close" -> null;
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    return (DataSource)
        Proxy.newProxyInstance(
            JdbcStorageTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (p, m, args) ->
                switch (m.getName()) {
                  case "getConnection" -> connection;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  @Test
  void opens_an_h2_file_database_and_refuses_attachments_over_the_limit(@TempDir Path dir)
      throws Exception {
    JdbcDataSource file = new JdbcDataSource();
    file.setURL("jdbc:h2:file:" + dir.resolve("db")); // default WRITE_DELAY: warns, still works
    Storage storage = JdbcStorage.create(file);
    storage.workflows().save("wf", "{}");
    assertThat(storage.workflows().versions("wf")).containsExactly(1);

    BinaryStore binaries = JdbcStorage.binaryStore(file, 1_000);
    BinaryRef small = binaries.write(new ByteArrayInputStream(new byte[1_000]), "ok.bin", null);
    assertThat(small.size()).isEqualTo(1_000);
    assertThatThrownBy(
            () -> binaries.write(new ByteArrayInputStream(new byte[1_001]), "big.bin", null))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("big.bin")
        .hasMessageContaining("1000 bytes");
  }

  @Test
  void a_database_that_is_down_at_start_gives_a_clear_error() {
    JdbcDataSource nowhere = new JdbcDataSource();
    nowhere.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere");

    assertThatThrownBy(() -> JdbcStorage.create(nowhere))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot connect to the database")
        .hasMessageContaining("is it running");
  }

  @Test
  void processes_starting_at_once_apply_the_schema_exactly_once() throws Exception {
    try (TestDatabase fresh = TestDatabase.create(Dialect.POSTGRESQL)) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<Integer>> applied =
            IntStream.range(0, 6)
                .mapToObj(
                    i ->
                        pool.submit(
                            () -> {
                              go.await();
                              return Migrations.apply(fresh.dataSource());
                            }))
                .toList();
        go.countDown();
        int total = 0;
        for (Future<Integer> f : applied) {
          total += f.get(60, TimeUnit.SECONDS);
        }
        assertThat(total).isEqualTo(Migrations.latestVersion());
      } finally {
        pool.shutdownNow();
      }
      assertThat(Migrations.apply(fresh.dataSource())).isZero();
    }
  }

  @Test
  void prints_the_schema_script_for_hosts_that_migrate_themselves() {
    String sql = Migrations.script(Dialect.POSTGRESQL);
    assertThat(sql)
        .contains("CREATE TABLE tyboo_execution")
        .contains("JSONB")
        .contains("CREATE TABLE IF NOT EXISTS tyboo_schema_version")
        .contains("INSERT INTO tyboo_schema_version");
    try (TestDatabase by = TestDatabase.create(Dialect.H2)) {
      for (String statement : Migrations.script(Dialect.H2).split(";\n")) {
        String one =
            statement.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n"));
        if (!one.isBlank()) {
          by.execute(one);
        }
      }
      assertThat(JdbcStorage.builder(by.dataSource()).migrate(false).build()).isNotNull();
    }
  }
}
