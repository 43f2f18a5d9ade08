package dev.tyboo.node;

import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What a node sees while it runs: its input items, its parameters with expressions resolved per
 * item, and the engine's services. One context serves one attempt of one node; do not keep it
 * afterwards.
 *
 * <p>Parameter methods take the index of the input item (on the first input port) that expressions
 * are evaluated against; a node that works item by item passes the item's index, a node that works
 * once passes 0. When there are no input items, index 0 evaluates against an empty item.
 */
public interface NodeContext {

  /** {@return the execution's id} */
  String executionId();

  /** {@return the workflow's name} */
  String workflowName();

  /** {@return this node's id in the workflow} */
  String nodeId();

  /** {@return the attempt number, from 1; greater than 1 when the engine retries the node} */
  int attempt();

  /**
   * A key that is the same for every attempt of this node run, in this process and, once the
   * execution is durable, after a crash: {@code executionId/nodeId/runIndex}. Side-effecting nodes
   * send it to the remote system so that a repeated attempt is recognised.
   *
   * @return the idempotency key
   */
  String idempotencyKey();

  /**
   * {@return the W3C trace-context headers ({@code traceparent}, and {@code tracestate} when set)
   * of this attempt's span, for a node to send with the calls it makes so that the called service's
   * spans join the trace; empty when the engine has no telemetry}
   */
  default Map<String, String> traceHeaders() {
    return Map.of();
  }

  /**
   * Tells the engine's listeners how the node is getting on, as an {@code
   * ExecutionEvent.NodeProgress} (for example each chunk of a streamed model answer). Not stored;
   * free when nobody listens.
   *
   * @param kind what kind of progress, such as {@code token}
   * @param data the progress, as JSON values (no secrets: listeners log it)
   */
  default void progress(String kind, Map<String, Object> data) {}

  /**
   * {@return which addresses this node may connect to when its parameters name the host: the
   * engine's policy} Check every host with {@link NetworkPolicy#check} when {@link
   * NetworkPolicy#blocksPrivateNetworks} says so for {@link #tenant()}, and connect to the
   * addresses it returned. The default (for contexts outside an engine) is {@link
   * NetworkPolicy#privateNetworksBlockedForTenants()}.
   */
  default NetworkPolicy networkPolicy() {
    return NetworkPolicy.privateNetworksBlockedForTenants();
  }

  /**
   * {@return how many times the engine has claimed this execution, this claim included: 1 unless a
   * durable engine took the execution over (after a crash, a lost lease or a failed checkpoint)}
   * Above 1, a node without a checkpoint may have run before, partly or wholly: make its effects
   * idempotent with {@link #idempotencyKey()}. {@link #attempt()} counts retries within one claim.
   */
  int delivery();

  /** {@return the tenant this node's workflow belongs to; empty for the host's own workflows} */
  String tenant();

  /**
   * {@return the items on the first input port (usually {@value PortSpec#MAIN}); empty when none}
   *
   * <p>A node type without input ports (a trigger or source) gets the items its execution was
   * started with here: a webhook's request, a schedule's fire time.
   */
  List<Item> input();

  /**
   * {@return the items that arrived on that port; empty when the branch feeding it was not taken}
   *
   * @param port an input port name
   * @throws IllegalArgumentException when the node has no such input port
   */
  List<Item> input(String port);

  /**
   * Resolves a parameter for one item: expressions are evaluated, the default applies when unset.
   *
   * @param name the parameter name
   * @param itemIndex the input item the expressions see as {@code $json}
   * @return the value: a string, number, boolean, map, list or {@code null}
   * @throws dev.tyboo.error.ExpressionException when an expression fails, naming parameter and item
   */
  Object parameter(String name, int itemIndex);

  /**
   * Resolves a parameter and checks its type.
   *
   * @param name the parameter name
   * @param itemIndex the input item the expressions see as {@code $json}
   * @param type the expected Java type ({@code String}, {@code Number}, {@code Boolean}, {@code
   *     Map}, {@code List})
   * @param <T> the expected type
   * @return the value, or {@code null} when unset without a default
   * @throws dev.tyboo.error.NonRetryableNodeException when the value has another type
   */
  <T> T parameter(String name, int itemIndex, Class<T> type);

  /**
   * {@return the value as a string ({@code String.valueOf} of numbers and booleans), or {@code
   * null}}
   *
   * @param name the parameter name
   * @param itemIndex the input item the expressions see as {@code $json}
   */
  String stringParameter(String name, int itemIndex);

  /**
   * {@return every declared parameter, resolved, defaults applied}
   *
   * @param itemIndex the input item the expressions see as {@code $json}
   */
  Map<String, Object> parameters(int itemIndex);

  /**
   * {@return the parameters bound to a record, resolved for one item} Each component is the
   * parameter of its name (see {@link Param}): expressions are evaluated, defaults applied, types
   * checked and converted ({@code "30s"} to a {@code Duration}, {@code "combine"} to an enum
   * constant, an object to a nested record).
   *
   * <pre>{@code
   * record Params(@Param(required = true) String field, @Param(defaultValue = "1") int times) {}
   * Params p = ctx.parameters(i, Params.class);
   * }</pre>
   *
   * @param itemIndex the input item the expressions see as {@code $json}
   * @param type the record type, usually the one the descriptor was built from ({@link
   *     NodeDescriptor.Builder#parameters(Class)})
   * @param <P> the record type
   * @throws dev.tyboo.error.NonRetryableNodeException when a value does not fit its component, a
   *     conditionally required parameter is missing, or the record's constructor refuses the values
   * @throws IllegalArgumentException when a component names a parameter the type does not declare
   */
  default <P extends Record> P parameters(int itemIndex, Class<P> type) {
    return RecordParameters.of(type).bind(name -> parameter(name, itemIndex), itemIndex);
  }

  /** {@return the parameters as written in the workflow, expressions unresolved} */
  Map<String, Object> rawParameters();

  /**
   * {@return a logger for this node (named {@code dev.tyboo.node.<type>}); while the node runs, the
   * MDC carries {@code executionId}, {@code workflowId}, {@code nodeId} and {@code tenant} (empty
   * for the host's own workflows), also for any other logger the node uses on its thread}
   */
  Logger log();

  /** {@return the engine's clock; use it instead of {@code Instant.now()} so tests control time} */
  Clock clock();

  /** {@return the cancellation signal of this attempt} */
  Cancellation cancellation();

  /** {@return the engine's binary store, for reading and writing item attachments} */
  BinaryStore binaries();

  /**
   * {@return the data of the credential this node references for a type, read from the engine's
   * credential provider for this call} Keep it in local variables only: never in items, logs or
   * exception messages.
   *
   * @param type a credential type the node's descriptor declares
   * @throws dev.tyboo.error.CredentialException when the node references no credential of that
   *     type, or the provider holds none of that name
   * @throws IllegalArgumentException when the descriptor does not declare the type
   */
  java.util.Map<String, Object> credential(String type);

  /**
   * Replaces the data of the credential this node references for a type, such as a refreshed OAuth2
   * access token.
   *
   * @param type a credential type the node's descriptor declares
   * @param data the credential's new data
   * @throws dev.tyboo.error.CredentialException when the node references no credential of that type
   * @throws UnsupportedOperationException when the engine's credential provider is read-only
   */
  void updateCredential(String type, java.util.Map<String, Object> data);

  /**
   * {@return the memories this node keeps across executions, by key, in the workflow's tenant}
   *
   * @throws UnsupportedOperationException from contexts that keep no memories
   */
  default NodeMemory memory() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no node memories");
  }

  /**
   * {@return the recorded steps of this node run: what a node with several side effects in one run
   * keeps so that a repeated attempt, a run after a crash or after a {@link NodeResult#suspend
   * suspension} does not do them again} The same for every attempt of this node run.
   *
   * @throws UnsupportedOperationException from contexts that keep no steps
   */
  default NodeSteps steps() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no node steps");
  }

  /**
   * {@return the flow-control facet of this context: waits that resume by token, child executions
   * and workflows embedded in parameters} Most nodes never need it.
   */
  NodeFlow flow();

  /**
   * {@return the facet for nodes that run user code (the Code node): the engine's script sandbox
   * and the variables expressions see} Most nodes never need it.
   */
  NodeScripting scripting();
}
