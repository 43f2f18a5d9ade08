package dev.tyboo.node;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a node run produced: items per output port. A port that is absent or has no items is a
 * branch not taken: the nodes behind it are skipped (unless they also receive items from
 * elsewhere).
 *
 * <p>Instead of items, a node may return a {@link WaitRequest} ({@link #waitUntil}, {@link
 * #waitForResume}): its execution then waits without a thread and the node finishes later.
 *
 * @param outputs items per output port name (empty for a wait)
 * @param waitRequest the node's request to wait, or {@code null} when it has finished
 */
public record NodeResult(Map<String, List<Item>> outputs, WaitRequest waitRequest) {

  private static final NodeResult EMPTY = new NodeResult(Map.of());

  /**
   * Creates a finished result.
   *
   * @param outputs items per output port name
   */
  public NodeResult(Map<String, List<Item>> outputs) {
    this(outputs, null);
  }

  /** Copies the components. */
  public NodeResult {
    Objects.requireNonNull(outputs, "outputs");
    if (waitRequest != null && !outputs.isEmpty()) {
      throw new IllegalArgumentException("a waiting node emits no items until its wait ends");
    }
    if (outputs.size() == 1) {
      Map.Entry<String, List<Item>> e = outputs.entrySet().iterator().next();
      outputs = Map.of(Objects.requireNonNull(e.getKey(), "port"), List.copyOf(e.getValue()));
    } else {
      LinkedHashMap<String, List<Item>> copy = LinkedHashMap.newLinkedHashMap(outputs.size());
      outputs.forEach(
          (port, items) -> copy.put(Objects.requireNonNull(port, "port"), List.copyOf(items)));
      outputs = java.util.Collections.unmodifiableMap(copy);
    }
  }

  /**
   * {@return a result with those items on the main output}
   *
   * @param items the items for the {@value PortSpec#MAIN} output
   */
  public static NodeResult of(List<Item> items) {
    return new NodeResult(Map.of(PortSpec.MAIN, items));
  }

  /**
   * {@return a result with items on that port only}
   *
   * @param port an output port name
   * @param items the items for it
   */
  public static NodeResult of(String port, List<Item> items) {
    return new NodeResult(Map.of(port, items));
  }

  /**
   * {@return one output item per input item, on the main output} For the common node that works
   * item by item. Cancellation is checked before each item; a failure records the item's index and
   * is typed by the engine's rules ({@link NodeFailure#classify}).
   *
   * <pre>{@code
   * return NodeResult.mapItems(ctx, (item, i) -> item.with("seen", true));
   * }</pre>
   *
   * @param ctx the node's context, whose first input port's items are mapped
   * @param function makes an output item of an input item; never {@code null}
   * @throws dev.tyboo.error.NodeExecutionException when the function fails for an item
   */
  public static NodeResult mapItems(NodeContext ctx, ItemFunction<Item> function) {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      out.add(nonNull(apply(ctx, function, input.get(i), i), i));
    }
    return of(out);
  }

  /**
   * {@return one output item per input item, on the main output, with the node's parameters
   * resolved for each item and bound to a record} As {@link #mapItems(NodeContext, ItemFunction)}.
   *
   * <pre>{@code
   * record Params(@Param(required = true) String field) {}
   * return NodeResult.mapItems(ctx, Params.class,
   *     (item, p) -> item.with(p.field(), String.valueOf(item.get(p.field())).toUpperCase()));
   * }</pre>
   *
   * @param ctx the node's context
   * @param parameters the parameters record ({@link NodeContext#parameters(int, Class)})
   * @param function makes an output item of an input item and its parameters
   * @param <P> the parameters record
   * @throws dev.tyboo.error.NodeExecutionException when binding or the function fails for an item
   */
  public static <P extends Record> NodeResult mapItems(
      NodeContext ctx, Class<P> parameters, BoundItemFunction<P, Item> function) {
    return mapItems(ctx, (item, i) -> function.apply(item, ctx.parameters(i, parameters)));
  }

  /**
   * {@return the output items each input item makes (any number, in order), on the main output} As
   * {@link #mapItems(NodeContext, ItemFunction)}; for a node that splits or filters items.
   *
   * @param ctx the node's context
   * @param function makes output items of an input item; an empty list for none
   * @throws dev.tyboo.error.NodeExecutionException when the function fails for an item
   */
  public static NodeResult flatMapItems(NodeContext ctx, ItemFunction<List<Item>> function) {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      for (Item item : nonNull(apply(ctx, function, input.get(i), i), i)) {
        out.add(nonNull(item, i));
      }
    }
    return of(out);
  }

  private static <R> R apply(NodeContext ctx, ItemFunction<R> function, Item item, int i) {
    ctx.cancellation().throwIfCancelled();
    try {
      return function.apply(item, i);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw NodeFailure.classify(e, i).aboutItem(i);
    }
  }

  private static <R> R nonNull(R made, int i) {
    if (made == null) {
      throw NodeFailure.of(i, "the node's item function returned null");
    }
    return made;
  }

  /** {@return a result with no items on any port: every branch after the node is skipped} */
  public static NodeResult empty() {
    return EMPTY;
  }

  /**
   * {@return a result that suspends the execution until a time}
   *
   * @param until when the node finishes
   * @param items what it emits on {@value PortSpec#MAIN} then
   */
  public static NodeResult waitUntil(Instant until, List<Item> items) {
    return new NodeResult(Map.of(), new WaitRequest(Objects.requireNonNull(until, "until"), items));
  }

  /**
   * {@return a result that suspends the execution until {@code Engine.resume} is called with the
   * node's {@link NodeFlow#resumeToken() resume token}}
   *
   * @param timeoutAt when to give up waiting and finish with {@code itemsOnTimeout}, or {@code
   *     null} to wait for ever
   * @param itemsOnTimeout what the node emits on {@value PortSpec#MAIN} at {@code timeoutAt}
   */
  public static NodeResult waitForResume(Instant timeoutAt, List<Item> itemsOnTimeout) {
    return new NodeResult(Map.of(), new WaitRequest(timeoutAt, itemsOnTimeout));
  }

  /**
   * {@return a result that suspends the execution, holding no thread, until {@code Engine.resume}
   * is called with the node's {@link NodeFlow#resumeToken() resume token} or {@code timeoutAt}
   * passes; then the resume's items (or {@code itemsOnTimeout}) are recorded as step {@code step}
   * of this node run ({@link NodeContext#steps()}) and the node runs again from the start, finding
   * its earlier steps recorded} For a node that needs a decision half-way (an approval) and carries
   * on afterwards. Each suspension has its own resume token; a used one is refused. In a durable
   * engine the suspension and the steps survive restarts.
   *
   * <pre>{@code
   * Optional<Object> decision = ctx.steps().get("approval");
   * if (decision.isEmpty()) {
   *   notifyApprover(ctx.flow().resumeToken());
   *   return NodeResult.suspend("approval", null, List.of());
   * }
   * }</pre>
   *
   * @param step the step under which the resume is recorded; not recorded yet in this node run
   * @param timeoutAt when to stop waiting and record {@code itemsOnTimeout}, or {@code null} to
   *     wait for ever
   * @param itemsOnTimeout what is recorded at {@code timeoutAt}
   */
  public static NodeResult suspend(String step, Instant timeoutAt, List<Item> itemsOnTimeout) {
    return new NodeResult(
        Map.of(), new WaitRequest(timeoutAt, itemsOnTimeout, Objects.requireNonNull(step, "step")));
  }

  /** {@return whether the node asked to wait} */
  public boolean isWait() {
    return waitRequest != null;
  }

  /** {@return a builder that collects items per port} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the items on it; empty when none}
   *
   * @param port an output port name
   */
  public List<Item> output(String port) {
    return outputs.getOrDefault(port, List.of());
  }

  /** Collects items per port, for nodes that route items (If, Switch). Not thread-safe. */
  public static final class Builder {
    private final LinkedHashMap<String, List<Item>> outputs = new LinkedHashMap<>();

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param port an output port name
     * @param item an item to send to it
     */
    public Builder emit(String port, Item item) {
      outputs
          .computeIfAbsent(port, p -> new ArrayList<>())
          .add(Objects.requireNonNull(item, "item"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param port an output port name
     * @param items items to send to it
     */
    public Builder emitAll(String port, List<Item> items) {
      outputs.computeIfAbsent(port, p -> new ArrayList<>()).addAll(items);
      return this;
    }

    /** {@return the result} */
    public NodeResult build() {
      return new NodeResult(outputs);
    }
  }
}
