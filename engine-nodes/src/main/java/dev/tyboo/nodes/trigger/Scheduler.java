package dev.tyboo.nodes.trigger;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.EngineClosedException;
import dev.tyboo.spi.schedule.ScheduleLedger;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the workflows whose trigger is a {@link ScheduleTrigger}: the engine-level service that
 * owns their clock.
 *
 * <pre>{@code
 * Scheduler scheduler = Scheduler.builder(engine)
 *     .ledger(JdbcStorage.scheduleLedger(storage))   // durable, shared by every process
 *     .build();
 * scheduler.register(nightlyReport);                  // deploys it
 * scheduler.start();                                  // a daemon thread fires what is due
 * }</pre>
 *
 * <p><b>Once per fire.</b> Every fire time is claimed in the {@link ScheduleLedger} before the
 * workflow starts. With the JDBC ledger, processes sharing a database run the same schedules and
 * exactly one of them starts each fire; the claim and the new execution are committed together, so
 * a crash between them neither loses the fire nor runs it twice.
 *
 * <p><b>Missed fires.</b> A fire found more than {@link Builder#misfireThreshold} (one minute)
 * late, because no process ran at its time, follows the trigger's {@code missedFires} policy:
 * skipped, fired once for all, or each fired (at most {@link Builder#maxMissedFires}). The ledger
 * remembers the last fire, so this works across restarts when the ledger is durable; with the
 * in-memory ledger a restart forgets the past and fires from then on.
 *
 * <p><b>Time.</b> Fire times come from the engine's {@link Engine#clock() clock} (or {@link
 * Builder#clock}); cron fields are read in the trigger's time zone. A time skipped by a
 * daylight-saving jump fires that much later (02:30 at 03:30), once; a time the fall-back repeats
 * fires once, unless the hour field is a wildcard (an hourly job fires every real hour).
 *
 * <p>Thread-safe. {@link #runDue()} does one round by hand (tests, hosts with their own timer).
 */
public final class Scheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final Engine engine;
  private final Clock clock;
  private final ScheduleLedger ledger;
  private final Duration pollInterval;
  private final Duration misfireThreshold;
  private final int maxMissedFires;
  private final Map<String, Schedule> schedules = new LinkedHashMap<>();
  private final Object wakeUp = new Object();
  private Thread loop;
  private boolean closed;

  private static final class Schedule {
    final String key;
    final String workflowName;
    final FireTimes times;
    final String missedFires;
    Instant cursor;

    Schedule(String key, String workflowName, FireTimes times, String missedFires, Instant cursor) {
      this.key = key;
      this.workflowName = workflowName;
      this.times = times;
      this.missedFires = missedFires;
      this.cursor = cursor;
    }
  }

  private Scheduler(Builder b) {
    this.engine = b.engine;
    this.clock = b.clock != null ? b.clock : b.engine.clock();
    this.ledger = b.ledger;
    this.pollInterval = b.pollInterval;
    this.misfireThreshold = b.misfireThreshold;
    this.maxMissedFires = b.maxMissedFires;
  }

  /**
   * {@return a builder}
   *
   * @param engine the engine that runs the workflows and whose clock says the time
   */
  public static Builder builder(Engine engine) {
    return new Builder(engine);
  }

  /**
   * Deploys a workflow and fires it on its Schedule trigger from now on. Registering it again (a
   * new version, a new schedule) replaces the schedule; fires already recorded in the ledger count.
   *
   * @param workflow a workflow whose one trigger is a {@link ScheduleTrigger}
   * @return the schedule, such as {@code cron '0 2 * * *' in Europe/Paris}
   * @throws IllegalArgumentException when it has no Schedule trigger or several triggers; nothing
   *     changed
   * @throws dev.tyboo.error.WorkflowValidationException when the workflow is invalid
   */
  public synchronized String register(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    engine.validate(workflow);
    List<String> triggers = new ArrayList<>();
    NodeSpec trigger = null;
    for (NodeSpec node : workflow.nodes()) {
      if (node.nodeType().descriptor().inputs().isEmpty()) {
        triggers.add(node.id()); // every node without inputs receives the start items
      }
      if (node.type().equals(ScheduleTrigger.TYPE)) {
        trigger = node;
      }
    }
    if (trigger == null) {
      throw new IllegalArgumentException(
          "workflow '" + workflow.name() + "' has no Schedule trigger");
    }
    if (triggers.size() > 1) {
      throw new IllegalArgumentException(
          "workflow '"
              + workflow.name()
              + "' has several triggers "
              + triggers
              + "; a scheduled workflow must have one (split it, or share steps with Execute"
              + " Workflow)");
    }
    FireTimes times = FireTimes.of(trigger.parameters());
    String key = workflow.name() + "/" + trigger.id();
    engine.deploy(workflow);
    Instant from = ledger.lastFire(key).orElse(clock.now());
    schedules.put(
        workflow.name(),
        new Schedule(
            key,
            workflow.name(),
            times,
            (String) trigger.parameters().getOrDefault("missedFires", "skip"),
            from));
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    LOG.info(
        "workflow '{}' scheduled: {}; next fire {}", workflow.name(), times, times.after(from));
    return times.toString();
  }

  /**
   * Stops firing a workflow. It stays deployed; its fires stay in the ledger.
   *
   * @param workflowName the workflow's name
   * @return whether it was registered
   */
  public synchronized boolean unregister(String workflowName) {
    return schedules.remove(workflowName) != null;
  }

  /**
   * {@return the next time a registered workflow fires, or empty when it is not registered}
   *
   * @param workflowName the workflow's name
   */
  public synchronized Optional<Instant> nextFire(String workflowName) {
    Schedule s = schedules.get(workflowName);
    return s == null ? Optional.empty() : Optional.ofNullable(s.times.after(s.cursor));
  }

  /**
   * Fires every schedule that is due now, and returns. The background thread calls it; tests and
   * hosts with their own timer may call it instead of {@link #start()}.
   *
   * @return how many fires this process started (fires claimed by another process not counted)
   */
  public synchronized int runDue() {
    int started = 0;
    Instant now = clock.now();
    for (Schedule s : schedules.values()) {
      try {
        started += runDue(s, now);
      } catch (EngineClosedException e) {
        return started;
      } catch (RuntimeException e) {
        LOG.error(
            "schedule of workflow '{}' could not fire; it will be tried again: {}",
            s.workflowName,
            e.toString());
      }
    }
    return started;
  }

  private int runDue(Schedule s, Instant now) {
    Instant next = s.times.after(s.cursor);
    if (next == null || next.isAfter(now)) {
      return 0; // nothing due: no ledger read (claims settle races with other processes)
    }
    Instant recorded = ledger.lastFire(s.key).orElse(null);
    if (recorded != null && recorded.isAfter(s.cursor)) {
      s.cursor = recorded; // another process fired
      next = s.times.after(s.cursor);
      if (next == null || next.isAfter(now)) {
        return 0;
      }
    }
    List<Instant> fires = new ArrayList<>();
    List<Boolean> late = new ArrayList<>();
    Instant edge = now.minus(misfireThreshold);
    Instant onTimeFrom = s.cursor;
    if (!next.isAfter(edge)) {
      onTimeFrom = edge;
      switch (s.missedFires) {
        case "fireOnce" -> {
          fires.add(s.times.atOrBefore(edge));
          late.add(true);
        }
        case "fireAll" -> {
          Instant t = next;
          while (t != null && !t.isAfter(edge) && fires.size() < maxMissedFires) {
            fires.add(t);
            late.add(true);
            t = s.times.after(t);
          }
          if (t != null && !t.isAfter(edge)) {
            LOG.warn(
                "workflow '{}' missed more than {} fires; firing the oldest {}, skipping the rest"
                    + " up to {}",
                s.workflowName,
                maxMissedFires,
                maxMissedFires,
                edge);
          }
        }
        default ->
            LOG.warn(
                "workflow '{}' missed its fires from {} to {} (no process ran); skipped, as its"
                    + " missedFires policy says",
                s.workflowName,
                next,
                edge);
      }
      if (fires.isEmpty()) {
        s.cursor = edge;
      }
    }
    for (Instant t = s.times.after(onTimeFrom);
        t != null && !t.isAfter(now);
        t = s.times.after(t)) {
      fires.add(t);
      late.add(false);
    }
    int started = 0;
    for (int i = 0; i < fires.size(); i++) {
      Instant fire = fires.get(i);
      boolean missed = late.get(i);
      boolean won =
          ledger.claim(
              s.key,
              fire,
              () ->
                  engine.startDeployed(
                      s.workflowName,
                      List.of(
                          ScheduleTrigger.fireItem(fire, clock.now(), s.times.zone(), missed))));
      if (won) {
        started++;
        LOG.debug("workflow '{}' fired for {}", s.workflowName, fire);
      }
      s.cursor = fire;
    }
    return started;
  }

  /**
   * Starts the background thread that fires schedules as they come due (a daemon thread named
   * {@code tyboo-scheduler}). Calling it again does nothing.
   *
   * @throws IllegalStateException when the scheduler is closed
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the scheduler is closed");
    }
    if (loop == null) {
      loop = Thread.ofPlatform().name("tyboo-scheduler").daemon().start(this::loop);
    }
  }

  private void loop() {
    while (true) {
      long waitMillis;
      synchronized (this) {
        if (closed) {
          return;
        }
        try {
          runDue();
        } catch (RuntimeException e) {
          LOG.error("scheduler round failed; trying again", e);
        }
        waitMillis = millisUntilNextFire();
      }
      synchronized (wakeUp) {
        try {
          wakeUp.wait(Math.max(1, waitMillis));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private long millisUntilNextFire() {
    Instant now = clock.now();
    long wait = pollInterval.toMillis();
    for (Schedule s : schedules.values()) {
      Instant next = s.times.after(s.cursor);
      if (next != null) {
        wait = Math.min(wait, Math.max(0, Duration.between(now, next).toMillis()));
      }
    }
    return wait;
  }

  /** Stops the background thread; executions already started go on. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = loop;
    }
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds a {@link Scheduler}. Not thread-safe. */
  public static final class Builder {
    private final Engine engine;
    private Clock clock;
    private ScheduleLedger ledger = ScheduleLedger.inMemory();
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration misfireThreshold = Duration.ofMinutes(1);
    private int maxMissedFires = 100;

    private Builder(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * {@return this builder}
     *
     * @param clock where the time comes from; the engine's clock by default
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param ledger where fires are claimed: in memory by default (one process, forgotten on
     *     restart); {@code JdbcStorage.scheduleLedger(storage)} for several processes and for
     *     missed fires across restarts
     */
    public Builder ledger(ScheduleLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param interval the longest the background thread sleeps between rounds (1 s by default), so
     *     it notices fires made by other processes and clock changes
     */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param threshold how late a fire may be and still count as on time (1 minute by default);
     *     later ones follow the trigger's missed-fire policy
     */
    public Builder misfireThreshold(Duration threshold) {
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("misfireThreshold must be >= 0, was " + threshold);
      }
      this.misfireThreshold = threshold;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param max the most missed fires the {@code fireAll} policy starts at once (100 by default)
     */
    public Builder maxMissedFires(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxMissedFires must be >= 1, was " + max);
      }
      this.maxMissedFires = max;
      return this;
    }

    /** {@return the scheduler; call {@link Scheduler#start()} to fire in the background} */
    public Scheduler build() {
      return new Scheduler(this);
    }
  }
}
