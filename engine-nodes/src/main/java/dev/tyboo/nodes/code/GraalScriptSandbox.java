package dev.tyboo.nodes.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tyboo.error.EngineClosedException;
import dev.tyboo.error.ExecutionCancelledException;
import dev.tyboo.error.ScriptException;
import dev.tyboo.error.ScriptLimitException;
import dev.tyboo.error.ScriptLimitException.Limit;
import dev.tyboo.error.ScriptRuntimeException;
import dev.tyboo.error.ScriptSyntaxException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptFunction;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.spi.script.ScriptResult;
import dev.tyboo.spi.script.ScriptSandbox;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ScriptSandbox} on GraalVM polyglot: JavaScript (GraalJS, always) and Python (GraalPy,
 * when the host adds {@code org.graalvm.polyglot:python-community}).
 *
 * <p><b>What a script cannot do.</b> Every context runs under {@code SandboxPolicy.CONSTRAINED}: no
 * host classes or objects ({@code Java.type}, {@code Packages} and {@code Polyglot} are
 * unavailable), no file system ({@code load}, {@code import} of files), no network, processes,
 * threads, environment variables or native access; {@code console.log} and {@code print} are
 * captured. Data goes in and out as JSON text, so the script never holds a host object. Nothing a
 * run defines, not even a change to {@code Object.prototype}, is seen by another run.
 *
 * <p><b>Warm contexts (JavaScript).</b> A fresh realm starts with cold caches; a run in it costs
 * about four times a run on little data in a realm that ran the same code before, so a JavaScript
 * context serves many runs of one trust domain (the same name, source, wrapper and {@link
 * Script#domain()}: one node of one workflow of one tenant), one run at a time, and isolation comes
 * from how the realm is built, not from cleaning it: before its first run it is hardened like SES's
 * {@code lockdown()} (every intrinsic frozen, the legacy RegExp statics, {@code WeakRef}, {@code
 * FinalizationRegistry}, {@code SharedArrayBuffer} and {@code Atomics} removed, a symbol registry
 * per run), every run evaluates the user's function and the wrapper anew (no closure survives a
 * run), and the one object a run may still change, the global object, is checked after the run: the
 * properties the run added are deleted and a context whose global object is not back to its
 * hardened state is closed. A run that fails or is stopped closes its context; a context serves at
 * most 1,000 runs. What remains shared within a domain is timing: a run after others of the same
 * code runs faster. {@code warmContexts(0)} gives every run a fresh context. Python always runs in
 * a fresh context.
 *
 * <p><b>Limits</b> ({@link ScriptLimits}). A watchdog thread checks every running script every 10
 * ms and cancels the context of one past its wall time, its thread's CPU time or its thread's
 * allocated bytes; GraalVM counts statements itself. Community GraalVM on a stock JDK cannot bound
 * the live heap of a context (that needs Oracle GraalVM's isolates): the allocation limit bounds
 * what a script allocates in all, garbage included, measured by the JVM per thread. A single
 * allocation is not interrupted, so one statement can overshoot the limit by its own size (a 100 MB
 * array is allocated before the watchdog sees it); the 16 Mi-character output limit and the
 * statement limit keep such statements rare. Deep recursion ends with the language's own stack
 * overflow error, reported as {@link Limit#STACK}.
 *
 * <p><b>Threads.</b> Scripts run on this sandbox's own platform threads (so that CPU time and
 * allocation can be measured), at most {@code maxConcurrentRuns} at once; further runs wait. The
 * calling thread waits for its run; interrupting it cancels the run.
 *
 * <p><b>Speed.</b> One polyglot engine is shared by all runs, so parsed code is cached; sources are
 * cached by text. On a stock JDK GraalVM interprets; see the engine-nodes README for the JVM flags
 * that turn on its optimizing compiler.
 */
public final class GraalScriptSandbox implements ScriptSandbox {

  private static final Logger LOG = LoggerFactory.getLogger(GraalScriptSandbox.class);
  private static final long WATCH_INTERVAL_MILLIS = 10;
  private static final ObjectMapper JSON = JsonMappers.standard();

  /** How many runs one warm context serves before it is closed. */
  private static final int RUNS_PER_CONTEXT = 1_000;

  /** What a run that ended puts in its {@code stopped} slot, so that no limit closes it after. */
  private static final String FINISHED = "finished";

  private final Engine engine;
  private final ScriptLimits limits;
  private final Map<String, String> languages;
  private final ExecutorService runners;
  private final ScheduledExecutorService watchdog;
  private final Set<Run> running = ConcurrentHashMap.newKeySet();
  private final Cache<SourceKey, Source> sources;
  private final com.sun.management.ThreadMXBean threads;
  private final boolean allocationMeasured;
  private final ContextPool pool;
  private final WarmContexts warm;
  private final Map<String, Boolean> warmed = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private GraalScriptSandbox(Builder b) {
    this.limits = b.limits;
    this.warm = new WarmContexts(b.warmContexts, RUNS_PER_CONTEXT);
    this.languages = GraalLanguages.installed();
    this.engine =
        Engine.newBuilder(languages.values().toArray(String[]::new))
            .sandbox(SandboxPolicy.CONSTRAINED)
            .out(java.io.OutputStream.nullOutputStream())
            .err(java.io.OutputStream.nullOutputStream())
            // the interpreter is the expected mode on a stock JDK: no warning for it
            .option("engine.WarnInterpreterOnly", "false")
            .build();
    AtomicInteger n = new AtomicInteger();
    this.runners =
        Executors.newFixedThreadPool(
            b.maxConcurrentRuns,
            r -> {
              Thread t = new Thread(r, "tyboo-script-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tyboo-script-watchdog");
              t.setDaemon(true);
              return t;
            });
    this.sources = Caffeine.newBuilder().maximumSize(b.cachedSources).build();
    this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    boolean measured = threads.isThreadAllocatedMemorySupported();
    if (measured && !threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    this.allocationMeasured = measured && threads.isThreadAllocatedMemoryEnabled();
    if (!allocationMeasured) {
      LOG.warn("this JVM does not measure allocation per thread: scripts' memory is not limited");
    }
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
    if (languages.containsValue("js")) {
      warmUp("js");
    }
    // only JavaScript contexts are cheap enough to keep ready (a GraalPy context is far larger)
    this.pool =
        new ContextPool(
            languages.values().stream().filter("js"::equals).toList(),
            b.preparedContexts,
            this::prepare);
    watchdog.scheduleWithFixedDelay(
        this::watch, WATCH_INTERVAL_MILLIS, WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Initialises a language once, outside any run's limits: the first context of a language in a JVM
   * allocates tens of megabytes and takes most of a second (GraalPy: seconds), which no user's
   * script should pay. JavaScript is started when the sandbox is built, other languages on their
   * first run.
   */
  private void warmUp(String languageId) {
    warmed.computeIfAbsent(
        languageId,
        id -> {
          prepare(id).context().close();
          return Boolean.TRUE;
        });
  }

  /**
   * Makes a fresh context of a language that has run only the boot code: the boot function is
   * evaluated and called once on a function that returns nothing, which initialises the built-ins
   * it uses. The statement counter starts again when a run takes the context.
   */
  private PreparedContext prepare(String languageId) {
    PreparedContext.Console console = new PreparedContext.Console();
    Context c =
        Context.newBuilder(languageId)
            .engine(engine)
            .sandbox(SandboxPolicy.CONSTRAINED)
            .out(console)
            .err(console)
            .resourceLimits(
                ResourceLimits.newBuilder()
                    // the user's statements; the sandbox's own code (boot, lockdown) is not counted
                    .statementLimit(limits.statements(), source -> !source.isInternal())
                    .build())
            .options(GraalLanguages.contextOptions(languageId))
            .build();
    try {
      Value boot =
          c.eval(source(languageId, GraalLanguages.BOOT_NAME, GraalLanguages.boot(languageId)));
      boot.execute(
          c.eval(
              source(
                  languageId,
                  GraalLanguages.BOOT_NAME + "-nothing",
                  GraalLanguages.nothing(languageId))),
          "[]",
          "[]",
          (ProxyExecutable) args -> "{}",
          limits.outputChars());
      Value reset =
          reusable(languageId)
              ? c.eval(source(languageId, JavaScriptLockdown.NAME, JavaScriptLockdown.SOURCE))
              : null;
      return new PreparedContext(c, boot, reset, console);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** {@return a sandbox with the default limits} */
  public static GraalScriptSandbox create() {
    return builder().build();
  }

  /** {@return a builder of sandboxes} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Set<String> languages() {
    return languages.keySet();
  }

  @Override
  public ScriptLimits limits() {
    return limits;
  }

  @Override
  public ScriptResult run(Script script, List<Object> arguments) {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(arguments, "arguments");
    if (closed) {
      throw new EngineClosedException("the script sandbox is closed");
    }
    String languageId = languages.get(script.language());
    if (languageId == null) {
      throw new UnsupportedCapabilityException(GraalLanguages.missing(script.language()));
    }
    warmUp(languageId);
    List<ScriptFunction> functions = new ArrayList<>();
    String argumentsJson = argumentsJson(arguments, functions);
    Run run = new Run(script, languageId, argumentsJson, functionPositions(arguments), functions);
    Future<ScriptResult> future;
    try {
      future = runners.submit(run::execute);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new EngineClosedException("the script sandbox is closed");
    }
    try {
      // the watchdog stops the run at its wall time; this bound only guards against a lost run
      return future.get(limits.wallTime().toMillis() + 60_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      run.stop(null);
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ExecutionCancelledException("the script of '" + script.name() + "' was cancelled");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      run.stop(Limit.WALL_TIME);
      future.cancel(true);
      throw run.limitException(Limit.WALL_TIME);
    }
  }

  private static String argumentsJson(List<Object> arguments, List<ScriptFunction> functions) {
    List<Object> plain = new ArrayList<>(arguments.size());
    for (Object a : arguments) {
      if (a instanceof ScriptFunction f) {
        plain.add(null);
        functions.add(f);
      } else {
        plain.add(a);
      }
    }
    try {
      return JSON.writeValueAsString(plain);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "script arguments must be JSON values: " + e.getMessage(), e);
    }
  }

  private static String functionPositions(List<Object> arguments) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      if (arguments.get(i) instanceof ScriptFunction) {
        at.add(i);
      }
    }
    return at.toString();
  }

  private void watch() {
    long now = System.nanoTime();
    for (Run run : running) {
      try {
        Limit over = run.overLimit(now);
        if (over != null) {
          run.stop(over);
        }
      } catch (RuntimeException e) {
        LOG.warn("script watchdog failed on '{}'", run.script.name(), e);
      }
    }
  }

  /** {@return whether contexts of the language are hardened and serve many runs (JavaScript)} */
  private boolean reusable(String languageId) {
    return languageId.equals("js") && warm.enabled();
  }

  /** {@return how many warm contexts wait for a next run; for tests} */
  int warmContextsWaiting() {
    return warm.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Run run : running) {
      run.stop(null);
    }
    runners.shutdownNow();
    watchdog.shutdownNow();
    try {
      runners.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
    warm.close();
    engine.close(true);
  }

  private Source source(String languageId, String name, String text) {
    return source(languageId, name, text, null);
  }

  /**
   * {@return the source, cached} A user's source of a domain is a source of its own (its URI names
   * the domain), so that GraalVM's code cache, which is shared by all contexts, does not share the
   * same code's warmed-up state, a timing signal, between two tenants.
   */
  private Source source(String languageId, String name, String text, String domain) {
    return sources.get(
        new SourceKey(languageId, name, domain, text),
        k -> {
          Source.Builder b =
              Source.newBuilder(languageId, text, name)
                  .cached(true)
                  // the sandbox's own code: its frames stay out of the script's stack traces
                  .internal(name.startsWith(GraalLanguages.BOOT_NAME));
          if (domain != null) {
            b.uri(
                java.net.URI.create(
                    "tyboo-domain:"
                        + java.util.UUID.nameUUIDFromBytes(
                            domain.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
          }
          return b.buildLiteral();
        });
  }

  /** What makes two sources the same: no string of them all is built per run. */
  private record SourceKey(String language, String name, String domain, String text) {}

  /** One run of one script: its context, thread and measurements. */
  private final class Run {
    final Script script;
    final String languageId;
    final String argumentsJson;
    final String functionsAt;
    final List<ScriptFunction> functions;
    final ConsoleCapture console = new ConsoleCapture(limits.consoleBytes());
    volatile Context context;
    volatile long threadId = -1;
    volatile long startNanos;
    volatile long startCpu;
    volatile long startAllocated;
    private final java.util.concurrent.atomic.AtomicReference<Object> stopped =
        new java.util.concurrent.atomic.AtomicReference<>();

    Run(
        Script script,
        String languageId,
        String argumentsJson,
        String functionsAt,
        List<ScriptFunction> functions) {
      this.script = script;
      this.languageId = languageId;
      this.argumentsJson = argumentsJson;
      this.functionsAt = functionsAt;
      this.functions = functions;
    }

    Limit overLimit(long now) {
      long tid = threadId;
      if (tid < 0) {
        return null;
      }
      if (now - startNanos > limits.wallTime().toNanos()) {
        return Limit.WALL_TIME;
      }
      long cpu = threads.getThreadCpuTime(tid);
      if (cpu >= 0 && cpu - startCpu > limits.cpuTime().toNanos()) {
        return Limit.CPU_TIME;
      }
      if (allocationMeasured) {
        long allocated = threads.getThreadAllocatedBytes(tid);
        if (allocated >= 0 && allocated - startAllocated > limits.allocatedBytes()) {
          return Limit.MEMORY;
        }
      }
      return null;
    }

    /** Stops the run for a limit ({@code null}: cancelled by the caller). */
    void stop(Limit limit) {
      if (stopped.compareAndSet(null, limit == null ? "cancelled" : limit)) {
        Context c = context;
        if (c != null) {
          try {
            c.close(true);
          } catch (RuntimeException e) {
            LOG.debug("closing a stopped script's context failed", e);
          }
        }
      }
    }

    ScriptResult execute() {
      long tid = Thread.currentThread().threadId();
      WarmContexts.Domain domain =
          reusable(languageId) ? WarmContexts.Domain.of(languageId, script) : null;
      PreparedContext reused = domain == null ? null : warm.take(domain);
      PreparedContext prepared = reused != null ? reused : pool.take(languageId);
      int runs = prepared.countRun();
      boolean keep = false;
      Context c = prepared.context();
      prepared.console().target(console);
      c.resetLimits();
      context = c;
      startAllocated = allocationMeasured ? threads.getThreadAllocatedBytes(tid) : 0;
      startCpu = Math.max(0, threads.getThreadCpuTime(tid));
      startNanos = System.nanoTime();
      threadId = tid;
      running.add(this);
      try {
        if (stopped.get() != null) {
          throw stoppedException();
        }
        Value boot = prepared.boot();
        Value fn = c.eval(source(languageId, script.name(), script.source(), script.domain()));
        if (fn.canExecute() && script.wrapper() != null) {
          // one source per wrapper text, shared by every script that has it (parsed once)
          fn =
              c.eval(source(languageId, GraalLanguages.BOOT_NAME + "-wrapper", script.wrapper()))
                  .execute(fn);
        }
        if (!fn.canExecute()) {
          throw new ScriptRuntimeException(
              "the script must evaluate to a function, but gave " + fn,
              script.name(),
              0,
              0,
              console.lines(),
              -1);
        }
        Value out =
            boot.execute(
                fn,
                argumentsJson,
                functionsAt,
                (ProxyExecutable) this::callHost,
                limits.outputChars());
        if (out.isString() && out.asString().equals(GraalLanguages.PENDING)) {
          // the script returned a promise: its jobs ran when the call returned, within the limits
          out = boot.getMember("settle").execute();
          if (out.isString() && out.asString().equals(GraalLanguages.UNSETTLED)) {
            throw new ScriptRuntimeException(
                "the script returned a promise that did not settle: it waits for something that"
                    + " never comes (there are no timers or I/O in the sandbox)",
                script.name(),
                0,
                0,
                console.lines(),
                -1);
          }
        }
        if (out.isNumber()) {
          throw limitException(Limit.OUTPUT, out.asLong());
        }
        String json = out.asString();
        if (stopped.get() != null) {
          throw stoppedException();
        }
        Object value = json.equals("undefined") ? notJson() : JSON.readValue(json, Object.class);
        long cpu = Math.max(0, threads.getThreadCpuTime(tid) - startCpu);
        long allocated =
            allocationMeasured ? threads.getThreadAllocatedBytes(tid) - startAllocated : 0;
        ScriptResult result =
            new ScriptResult(value, console.lines(), Duration.ofNanos(cpu), allocated);
        keep = domain != null && prepared.hardened() && keep(prepared);
        return result;
      } catch (PolyglotException e) {
        throw translate(e);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the sandbox's own JSON did not parse", e);
      } finally {
        running.remove(this);
        threadId = -1;
        if (keep) {
          warm.give(domain, prepared, runs);
        } else {
          try {
            Object why = stopped.get();
            c.close(why != null && !FINISHED.equals(why));
          } catch (PolyglotException e) {
            // a context stopped by a limit rethrows that on close; the run already reported it
            LOG.trace("closing a script context", e);
          }
        }
      }
    }

    /**
     * Decides whether a context that served a successful run may serve the next run of its domain:
     * no limit stopped it (and none can from now on), and its reset brought the global object back
     * to its hardened state.
     */
    private boolean keep(PreparedContext prepared) {
      if (!stopped.compareAndSet(null, FINISHED)) {
        return false;
      }
      try {
        return prepared.reset();
      } catch (RuntimeException e) {
        LOG.debug("resetting the context of '{}' failed: it is closed", script.name(), e);
        return false;
      }
    }

    private Object notJson() {
      throw new ScriptRuntimeException(
          "the script returned a value that is not JSON (a function or a symbol)",
          script.name(),
          0,
          0,
          console.lines(),
          -1);
    }

    private Object callHost(Value... args) {
      int index = args[0].asInt();
      String answer;
      try {
        @SuppressWarnings("unchecked")
        List<Object> callArgs = JSON.readValue(args[1].asString(), List.class);
        Object result = functions.get(index).call(callArgs);
        answer =
            JSON.writeValueAsString(Map.of("ok", result == null ? Map.of() : Map.of("v", result)));
      } catch (RuntimeException | JsonProcessingException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        try {
          answer = JSON.writeValueAsString(Map.of("error", message));
        } catch (JsonProcessingException impossible) {
          answer = "{\"error\":\"host function failed\"}";
        }
      }
      return answer;
    }

    private ScriptException stoppedException() {
      Object why = stopped.get();
      if (why instanceof Limit limit) {
        return limitException(limit);
      }
      throw new ExecutionCancelledException("the script of '" + script.name() + "' was cancelled");
    }

    ScriptLimitException limitException(Limit limit) {
      return limitException(limit, -1);
    }

    ScriptLimitException limitException(Limit limit, long size) {
      String detail =
          switch (limit) {
            case WALL_TIME -> "ran longer than " + limits.wallTime();
            case CPU_TIME -> "used more CPU time than " + limits.cpuTime();
            case STATEMENTS -> "executed more than " + limits.statements() + " statements";
            case MEMORY -> "allocated more than " + limits.allocatedBytes() + " bytes";
            case STACK -> "recursed deeper than the stack allows";
            case OUTPUT ->
                "returned "
                    + size
                    + " characters of JSON, more than the limit of "
                    + limits.outputChars();
          };
      return new ScriptLimitException(limit, detail, script.name(), console.lines(), -1);
    }

    private RuntimeException translate(PolyglotException e) {
      if (stopped.get() != null) {
        return stoppedException();
      }
      if (e.isResourceExhausted()) {
        return limitException(
            GraalLanguages.isStackOverflow(languageId, e) ? Limit.STACK : Limit.STATEMENTS);
      }
      if (e.isCancelled()) {
        return new ExecutionCancelledException(
            "the script of '" + script.name() + "' was cancelled");
      }
      if (e.isInterrupted()) {
        return new ExecutionCancelledException(
            "the script of '" + script.name() + "' was interrupted");
      }
      if (e.isHostException()) {
        // only our own host function can throw here, and it answers errors as JSON
        return new IllegalStateException("the script sandbox failed", e.asHostException());
      }
      if (e.isInternalError()) {
        // the language itself failed on what the script did (GraalPy reports a refused socket so)
        LOG.warn("GraalVM failed inside the script of '{}'", script.name(), e);
        return new ScriptRuntimeException(
            "the language runtime failed: " + e.getMessage(),
            script.name(),
            0,
            0,
            console.lines(),
            -1);
      }
      ScriptPositions positions = ScriptPositions.of(script);
      int[] at = positions.position(e);
      String message = e.getMessage() == null ? "error" : e.getMessage();
      if (e.isSyntaxError()) {
        return new ScriptSyntaxException(
            positions.inMessage(message), script.name(), at[0], at[1], console.lines(), -1);
      }
      if (GraalLanguages.isStackOverflow(languageId, e)) {
        return limitException(Limit.STACK);
      }
      return new ScriptRuntimeException(message, script.name(), at[0], at[1], console.lines(), -1);
    }
  }

  /** Configures a {@link GraalScriptSandbox}. */
  public static final class Builder {
    private ScriptLimits limits = ScriptLimits.defaults();
    private int maxConcurrentRuns = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int cachedSources = 1_000;
    private int preparedContexts = 2;
    private int warmContexts = 16;

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param limits what every run may use; {@link ScriptLimits#defaults()} by default
     */
    public Builder limits(ScriptLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param n how many scripts run at once (each on its own platform thread); further runs wait.
     *     The number of processors by default, at least 2
     */
    public Builder maxConcurrentRuns(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentRuns must be at least 1: " + n);
      }
      this.maxConcurrentRuns = n;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param n how many fresh JavaScript contexts to keep prepared ahead of the runs, by a
     *     background thread; 2 by default, 0 to prepare each in its run
     */
    public Builder preparedContexts(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("preparedContexts must not be negative: " + n);
      }
      this.preparedContexts = n;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param n how many hardened JavaScript contexts may wait, across all scripts, for the next run
     *     of the script they served (16 by default); 0 to run every script in a fresh context,
     *     which costs about four times as much on little data. A context serves only runs of one
     *     trust domain (the same name, source, wrapper and {@link Script#domain()}); see the class
     *     documentation
     */
    public Builder warmContexts(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("warmContexts must not be negative: " + n);
      }
      this.warmContexts = n;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param n how many distinct script texts to keep parsed; 1,000 by default
     */
    public Builder cachedSources(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("cachedSources must be at least 1: " + n);
      }
      this.cachedSources = n;
      return this;
    }

    /**
     * {@return the sandbox} It starts each language once (about a second for GraalJS) and a
     * watchdog thread, so build one per application and close it when done.
     */
    public GraalScriptSandbox build() {
      return new GraalScriptSandbox(this);
    }
  }
}
