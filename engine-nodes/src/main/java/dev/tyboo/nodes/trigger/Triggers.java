package dev.tyboo.nodes.trigger;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.StartOptions;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts workflows whose trigger is an {@link EventTrigger} (a queue, a topic, a mailbox): the one
 * place where a host turns listening on and off.
 *
 * <pre>{@code
 * Triggers triggers = Triggers.builder(engine).credentials(credentialProvider).build();
 * triggers.register(ordersFromRabbit);   // deploys it
 * triggers.start();                      // listens for every registered workflow
 * ...
 * triggers.close();                      // before the engine
 * }</pre>
 *
 * <p><b>At least once, started once.</b> A message is acknowledged to its source only after the
 * execution it starts is stored, so a crash loses none; a message delivered again starts no second
 * execution, because the hand-off starts it with the deduplication key {@code <nodeId>/<messageId>}
 * ({@link StartOptions#deduplicatedBy}), which a durable engine keeps with the execution in its
 * database.
 *
 * <p>Thread-safe.
 */
public final class Triggers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

  private final Engine engine;
  private final CredentialProvider credentials;
  private final BiConsumer<String, Execution> beforeAcknowledge;
  private final Map<String, Registered> registered = new LinkedHashMap<>();
  private boolean started;
  private boolean closed;

  private static final class Registered {
    final EventTrigger type;
    final TriggerSetup setup;
    TriggerSubscription subscription;

    Registered(EventTrigger type, TriggerSetup setup) {
      this.type = type;
      this.setup = setup;
    }
  }

  private Triggers(Builder b) {
    this.engine = b.engine;
    this.credentials = b.credentials;
    this.beforeAcknowledge = b.beforeAcknowledge;
  }

  /**
   * {@return a builder}
   *
   * @param engine the engine that runs the workflows
   */
  public static Builder builder(Engine engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /**
   * Deploys a workflow and, once {@link #start started}, listens on its trigger. Registering it
   * again replaces the listening.
   *
   * @param workflow a workflow whose one trigger is an {@link EventTrigger}
   * @return the trigger node's id
   * @throws IllegalArgumentException when it has no event trigger or several triggers
   * @throws dev.tyboo.error.WorkflowValidationException when it is invalid
   * @throws IllegalStateException when this is closed
   * @throws RuntimeException when started and its source cannot be reached (nothing changed)
   */
  public synchronized String register(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    requireOpen();
    engine.validate(workflow);
    NodeSpec trigger = trigger(workflow);
    EventTrigger type = (EventTrigger) trigger.nodeType();
    Map<String, Object> parameters = new LinkedHashMap<>();
    for (PropertySpec p : type.descriptor().properties()) {
      if (p.defaultValue() != null) {
        parameters.put(p.name(), p.defaultValue());
      }
    }
    parameters.putAll(trigger.parameters());
    TriggerSetup setup =
        new TriggerSetup(
            workflow.name(),
            trigger.id(),
            parameters,
            trigger.credentials(),
            (t, name) -> credentials.find(t, name).orElse(null),
            engine.binaryStore());
    engine.deploy(workflow);
    Registered next = new Registered(type, setup);
    if (started) {
      open(next);
    }
    Registered previous = registered.put(workflow.name(), next);
    if (previous != null && previous.subscription != null) {
      previous.subscription.close();
    }
    return trigger.id();
  }

  private static NodeSpec trigger(Workflow workflow) {
    List<String> roots = new ArrayList<>();
    NodeSpec trigger = null;
    for (NodeSpec node : workflow.nodes()) {
      if (node.nodeType().descriptor().inputs().isEmpty()) {
        roots.add(node.id());
      }
      if (node.nodeType() instanceof EventTrigger) {
        trigger = node;
      }
    }
    if (trigger == null) {
      throw new IllegalArgumentException(
          "workflow '" + workflow.name() + "' has no event trigger (a queue, topic or mailbox)");
    }
    if (roots.size() > 1) {
      throw new IllegalArgumentException(
          "workflow '"
              + workflow.name()
              + "' has several triggers "
              + roots
              + "; a triggered workflow must have one");
    }
    return trigger;
  }

  /**
   * Stops listening for a workflow. It stays deployed.
   *
   * @param workflowName the workflow's name
   * @return whether it was registered
   */
  public synchronized boolean unregister(String workflowName) {
    Registered r = registered.remove(workflowName);
    if (r != null && r.subscription != null) {
      r.subscription.close();
    }
    return r != null;
  }

  /**
   * Listens for every registered workflow, and for those registered from now on.
   *
   * @throws IllegalStateException when this is closed
   * @throws RuntimeException when a source cannot be reached: the ones opened before it are closed
   */
  public synchronized void start() {
    requireOpen();
    if (started) {
      return;
    }
    try {
      for (Registered r : registered.values()) {
        open(r);
      }
    } catch (RuntimeException e) {
      stopAll();
      throw e;
    }
    started = true;
  }

  /** {@return the names of the registered workflows} */
  public synchronized List<String> workflows() {
    return List.copyOf(registered.keySet());
  }

  private void open(Registered r) {
    TriggerSetup setup = r.setup;
    try {
      r.subscription = r.type.listen(setup, (messageId, items) -> handOff(setup, messageId, items));
      LOG.info(
          "workflow '{}' listens on trigger '{}' ({})",
          setup.workflowName(),
          setup.nodeId(),
          r.type.descriptor().type());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "trigger '"
              + setup.nodeId()
              + "' of workflow '"
              + setup.workflowName()
              + "' cannot listen: "
              + e.getMessage(),
          e);
    }
  }

  private Execution handOff(TriggerSetup setup, String messageId, List<dev.tyboo.node.Item> items) {
    StartOptions options =
        messageId == null
            ? StartOptions.none()
            : StartOptions.deduplicatedBy(setup.nodeId() + "/" + messageId);
    Execution execution = engine.startDeployed(setup.workflowName(), items, options);
    beforeAcknowledge.accept(messageId, execution);
    return execution;
  }

  private void stopAll() {
    for (Registered r : registered.values()) {
      if (r.subscription != null) {
        try {
          r.subscription.close();
        } catch (RuntimeException e) {
          LOG.warn("trigger of workflow '{}' did not close cleanly", r.setup.workflowName(), e);
        }
        r.subscription = null;
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the triggers are closed");
    }
  }

  /** Stops every listening. Messages not yet acknowledged are delivered again later. */
  @Override
  public synchronized void close() {
    closed = true;
    stopAll();
  }

  /** Options for {@link Triggers}. */
  public static final class Builder {
    private final Engine engine;
    private CredentialProvider credentials = CredentialProvider.none();
    private BiConsumer<String, Execution> beforeAcknowledge = (id, e) -> {};

    private Builder(Engine engine) {
      this.engine = engine;
    }

    /**
     * {@return this builder}
     *
     * @param credentials where trigger nodes' credentials are read (the engine's provider)
     */
    public Builder credentials(CredentialProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param observer called after each execution is stored and before its message is acknowledged,
     *     with the message id and the execution (for metrics and tests; it must not block)
     */
    public Builder beforeAcknowledge(BiConsumer<String, Execution> observer) {
      this.beforeAcknowledge = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** {@return the triggers, not yet listening} */
    public Triggers build() {
      return new Triggers(this);
    }
  }
}
