package dev.tyboo.persistence.jdbc;

import dev.tyboo.error.StorageException;
import dev.tyboo.persistence.jdbc.internal.Database;
import dev.tyboo.persistence.jdbc.internal.H2IndexRepair;
import dev.tyboo.persistence.jdbc.internal.Jdbc;
import dev.tyboo.persistence.jdbc.internal.JdbcAuditLog;
import dev.tyboo.persistence.jdbc.internal.JdbcBinaryStore;
import dev.tyboo.persistence.jdbc.internal.JdbcCredentialStore;
import dev.tyboo.persistence.jdbc.internal.JdbcExecutionStore;
import dev.tyboo.persistence.jdbc.internal.JdbcScheduleLedger;
import dev.tyboo.persistence.jdbc.internal.JdbcWorkQueue;
import dev.tyboo.persistence.jdbc.internal.JdbcWorkflowStore;
import dev.tyboo.persistence.jdbc.internal.NamingDataSource;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.schedule.ScheduleLedger;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable storage in a relational database: workflow versions, executions with their checkpoints,
 * and the work queue that engine processes share, over any JDBC {@link DataSource} the host gives
 * (a pool such as HikariCP is recommended). The database is recognised from its metadata: H2 (file
 * or in memory, for one process), PostgreSQL or MariaDB (for one or many processes).
 *
 * <pre>{@code
 * HikariDataSource ds = new HikariDataSource();
 * ds.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/app");
 * Storage storage = JdbcStorage.create(ds);              // migrates the schema if needed
 * Engine engine = Engine.builder().storage(storage).build();
 * }</pre>
 *
 * <p>Engines in several processes given storage on the same database share the work: each execution
 * runs in one place at a time, and when a process dies its executions are taken over once their
 * leases expire. Transient database faults (a dropped connection, a deadlock, a serialization
 * failure) are retried for {@link Builder#retryFor} before an operation fails.
 */
public final class JdbcStorage {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

  private JdbcStorage() {}

  /**
   * {@return storage with the defaults: system clock, schema migrated at build, notifications on
   * PostgreSQL, transient faults retried for 30 s, attachments in the database}
   *
   * @param dataSource the database
   * @throws StorageException when the database cannot be reached, with the driver's reason
   * @throws UnsupportedDatabaseException when the database is not supported
   * @throws SchemaVersionException when its schema is newer than this library's
   */
  public static Storage create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * The default size limit of the database binary store: 16 MiB (MariaDB's default {@code
   * max_allowed_packet}).
   */
  public static final long DEFAULT_MAX_BINARY_BYTES = 16L * 1024 * 1024;

  /**
   * {@return a binary store in the database (table {@code tyboo_binary}), for attachments up to
   * {@value #DEFAULT_MAX_BINARY_BYTES} bytes; migrates the schema if needed}
   *
   * <p>The storage built here uses one by default: one backup then holds everything and every
   * process sharing the database sees every attachment, but each attachment passes through the heap
   * whole. This factory is for engines or tools that want it on its own.
   *
   * @param dataSource the database
   */
  public static BinaryStore binaryStore(DataSource dataSource) {
    return binaryStore(dataSource, DEFAULT_MAX_BINARY_BYTES);
  }

  /**
   * {@return a binary store in the database, for attachments up to {@code maxBytes}}
   *
   * @param dataSource the database
   * @param maxBytes the largest attachment to accept (MariaDB also caps it at its {@code
   *     max_allowed_packet})
   */
  public static BinaryStore binaryStore(DataSource dataSource, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
    }
    Builder b = builder(dataSource);
    Dialect dialect = b.connect(dataSource);
    Migrations.apply(dataSource);
    return new JdbcBinaryStore(
        new Jdbc(
            dataSource,
            Database.valueOf(dialect.name()),
            b.retryFor,
            b.statementTimeout,
            b.applicationName),
        maxBytes);
  }

  /**
   * {@return the schedule ledger (table {@code tyboo_schedule}) of storage built here: schedule
   * fires are claimed in the database, so one process fires each, and a claim commits or rolls back
   * together with the execution its fire starts}
   *
   * <pre>{@code
   * Storage storage = JdbcStorage.create(ds);
   * Engine engine = Engine.builder().storage(storage).build();
   * Scheduler scheduler = Scheduler.builder(engine).ledger(JdbcStorage.scheduleLedger(storage)).build();
   * }</pre>
   *
   * @param storage storage that {@link #create} or {@link Builder#build} returned
   * @throws IllegalArgumentException when the storage was not built by this class
   */
  public static ScheduleLedger scheduleLedger(Storage storage) {
    return new JdbcScheduleLedger(jdbcOf(storage));
  }

  /**
   * {@return the credential store (table {@code tyboo_credential}, schema version 3) of storage
   * built here: ciphertext only, for a {@code CredentialVault}}
   *
   * <pre>{@code
   * CredentialVault vault = CredentialVault.builder(JdbcStorage.credentialStore(storage), keys).build();
   * }</pre>
   *
   * @param storage storage that {@link #create} or {@link Builder#build} returned
   * @throws IllegalArgumentException when the storage was not built by this class
   */
  public static CredentialStore credentialStore(Storage storage) {
    return new JdbcCredentialStore(jdbcOf(storage));
  }

  /**
   * {@return the audit log (table {@code tyboo_audit}, schema version 4) of storage built here:
   * append-only and hash-chained; processes sharing the database share one chain}
   *
   * @param storage storage that {@link #create} or {@link Builder#build} returned
   * @throws IllegalArgumentException when the storage was not built by this class
   */
  public static AuditLog auditLog(Storage storage) {
    return new JdbcAuditLog(jdbcOf(storage));
  }

  private static Jdbc jdbcOf(Storage storage) {
    Objects.requireNonNull(storage, "storage");
    if (!(storage.transactions() instanceof Jdbc jdbc)) {
      throw new IllegalArgumentException(
          "the storage was not built by JdbcStorage (its transactions are "
              + storage.transactions().getClass().getName()
              + "); build it with JdbcStorage.create(dataSource)");
    }
    return jdbc;
  }

  /**
   * {@return a builder}
   *
   * @param dataSource the database
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Builds JDBC {@link Storage}. Not thread-safe. */
  public static final class Builder {

    /**
     * H2 writes commits to its file in the background (every 500 ms by default): a killed process
     * would lose its latest checkpoints. Durable storage wants {@code WRITE_DELAY=0}.
     */
    private static void warnOfDelayedCommits(Connection c) throws SQLException {
      String url = c.getMetaData().getURL();
      if (url == null || url.contains(":mem:")) {
        return;
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                      + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
        if (rs.next() && !"0".equals(rs.getString(1))) {
          LOG.warn(
              "H2 database {} flushes commits every {} ms: a process killed meanwhile loses its"
                  + " latest checkpoints (those nodes run again); add ;WRITE_DELAY=0 to the URL",
              url,
              rs.getString(1));
        }
      }
    }

    /**
     * An H2 file database killed in a commit can come back with indexes out of step with their
     * rows, which locks keys for ever ({@link H2IndexRepair}): checked, and rebuilt, before use.
     */
    private static void repairTornIndexes(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        String url = c.getMetaData().getURL();
        if (url != null && !url.contains(":mem:")) {
          H2IndexRepair.checkAndRepair(c);
        }
      } catch (SQLException e) {
        throw new StorageException(
            "cannot check the indexes of the H2 database for Tyboo Engine storage: "
                + e.getMessage(),
            e);
      }
    }

    /** Connects once: the dialect, and the schema check when not migrating. */
    private Dialect connect(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        Dialect dialect = Dialect.of(c);
        if (!migrate) {
          Migrations.check(c);
        }
        if (dialect == Dialect.H2) {
          warnOfDelayedCommits(c);
        }
        return dialect;
      } catch (SQLException e) {
        throw new StorageException(
            "cannot connect to the database for Tyboo Engine storage (is it running, and are the"
                + " URL and credentials right?): "
                + e.getMessage(),
            e);
      }
    }

    private final DataSource dataSource;
    private String tablePrefix;
    private String schema;
    private Clock clock = Clock.system();
    private boolean migrate = true;
    private boolean notifications = true;
    private Duration retryFor = Duration.ofSeconds(30);
    private Duration statementTimeout = Duration.ofSeconds(30);
    private String applicationName = "tyboo-engine";
    private BinaryStore binaries;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * {@return this builder}
     *
     * @param clock the clock of the engines that use this storage: it stamps versions and decides
     *     due times and lease expiry (keep the clocks of processes that share a database in sync)
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param migrate {@code true} (the default) to bring the schema up to date at build; {@code
     *     false} to only check that it is (for hosts that apply {@link Migrations#script})
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param notifications on PostgreSQL, whether new work wakes idle workers at once through
     *     LISTEN/NOTIFY (the default; it holds one connection per engine); without it, and on the
     *     other databases, idle workers poll
     */
    public Builder notifications(boolean notifications) {
      this.notifications = notifications;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param binaries where attachments and spilled checkpoint outputs go; by default the database
     *     ({@code tyboo_binary}, up to {@value JdbcStorage#DEFAULT_MAX_BINARY_BYTES} bytes each),
     *     the one place every process sharing the database can read. A {@link BinaryStore#files}
     *     store suits large files, on a directory every such process can reach
     */
    public Builder binaryStore(BinaryStore binaries) {
      this.binaries = Objects.requireNonNull(binaries, "binaries");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param retryFor how long to keep retrying an operation that failed transiently, on fresh
     *     connections, before giving up with a {@link StorageException}; zero for no retry
     */
    public Builder retryFor(Duration retryFor) {
      Objects.requireNonNull(retryFor, "retryFor");
      if (retryFor.isNegative()) {
        throw new IllegalArgumentException("retryFor must not be negative, was " + retryFor);
      }
      this.retryFor = retryFor;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param timeout how long one of the engine's statements may run, lock waits included, before
     *     the driver cancels it (JDBC {@code setQueryTimeout}, whole seconds, at least one): a row
     *     locked by another connection then costs a worker one failed statement, not a thread for
     *     ever. 30 s by default; zero for none. PostgreSQL and MariaDB only: H2 bounds lock waits
     *     with its own {@code LOCK_TIMEOUT} (1 s by default), and setting a query timeout there
     *     costs a command per statement
     */
    public Builder statementTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("statementTimeout must not be negative, was " + timeout);
      }
      this.statementTimeout = timeout;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param name what the engine's connections call themselves to the database (JDBC client info
     *     {@code ApplicationName}: PostgreSQL's {@code application_name} in {@code
     *     pg_stat_activity}), set on each connection the engine takes, so operators can tell the
     *     engine's sessions from others; {@code "tyboo-engine"} by default, {@code null} to leave
     *     connections as the pool gives them (a pool shared with the host application keeps the
     *     name on connections the engine used)
     */
    public Builder applicationName(String name) {
      this.applicationName = name;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param prefix what the engine's tables, indexes, sequences and notification channel are named
     *     with instead of {@code tyboo} ({@code acme} gives {@code acme_execution}): a lower-case
     *     letter, then up to 15 lower-case letters or digits. Engines with different prefixes share
     *     a database without seeing each other's work.
     * @throws IllegalArgumentException when the prefix is malformed
     */
    public Builder tablePrefix(String prefix) {
      new NamingDataSource(dataSource, prefix, null); // checks it now, not at build
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param schema the schema (it must exist) the engine's objects live in; the engine sets it on
     *     each connection while it holds it ({@code Connection.setSchema}) and puts the
     *     connection's own back before returning it to the pool. PostgreSQL and H2; on MariaDB a
     *     schema is a database: name it in the URL.
     */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * {@return the storage, on a database whose schema is up to date}
     *
     * @throws StorageException when the database cannot be reached, with the driver's reason
     * @throws UnsupportedDatabaseException when the database is not supported
     * @throws SchemaVersionException when its schema is newer than this library's, or older and
     *     {@code migrate(false)} was set
     */
    public Storage build() {
      DataSource dataSource =
          tablePrefix == null && schema == null
              ? this.dataSource
              : new NamingDataSource(this.dataSource, tablePrefix, schema);
      Dialect dialect = connect(dataSource);
      if (migrate) {
        Migrations.apply(dataSource);
      }
      if (dialect == Dialect.H2) {
        repairTornIndexes(dataSource);
      }
      Jdbc jdbc =
          new Jdbc(
              dataSource,
              Database.valueOf(dialect.name()),
              retryFor,
              statementTimeout,
              applicationName);
      JdbcWorkQueue queue = new JdbcWorkQueue(jdbc, clock, notifications);
      return new Storage(
          new JdbcWorkflowStore(jdbc, clock),
          new JdbcExecutionStore(jdbc, queue), // its combined writes reach that queue
          queue,
          jdbc,
          binaries != null ? binaries : new JdbcBinaryStore(jdbc, DEFAULT_MAX_BINARY_BYTES));
    }
  }
}
