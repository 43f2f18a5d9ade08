package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineSemanticsContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The engine semantics on a durable engine over an H2 database. */
class H2EngineSemanticsTest extends EngineSemanticsContract {

  private final List<TestDatabase> databases = new ArrayList<>();

  @Override
  protected Engine.Builder newEngine() {
    TestDatabase db = TestDatabase.create(Dialect.H2);
    databases.add(db);
    return Engine.builder()
        .storage(JdbcStorage.create(db.dataSource()))
        .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(10)).build());
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
  }
}
