package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.ConcurrencyContract;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Concurrency, cancel and shutdown on a durable engine over an H2 database. */
class H2ConcurrencyTest extends ConcurrencyContract {

  private final List<TestDatabase> databases = new ArrayList<>();

  @Override
  protected Engine.Builder newEngine() {
    TestDatabase db = TestDatabase.create(Dialect.H2);
    databases.add(db);
    return Engine.builder()
        .storage(JdbcStorage.create(db.dataSource()))
        .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(10)).build());
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
  }
}
