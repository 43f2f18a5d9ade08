package dev.tyboo.nodes.trigger;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.Literals;
import dev.tyboo.workflow.NodeDefinition;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a workflow on a schedule (JSON type {@code scheduleTrigger}). The node emits the fire
 * item; a {@link Scheduler} that the workflow is {@linkplain Scheduler#register registered} with
 * decides when to fire.
 *
 * <p>The item: {@code {"scheduledFor", "firedAt", "timeZone", "localTime", "missed"}}: the fire
 * time and when it actually fired (ISO-8601 instants), the schedule's time zone, the fire time as a
 * local date-time there, and whether it fires late under the missed-fire policy. Started by hand
 * (without items), it emits one such item for the current time.
 *
 * <p>Parameters, read when the workflow is registered, so literal:
 *
 * <ul>
 *   <li>{@code cron}: a cron expression, 5 fields ({@code 0 8 * * MON-FRI}) or 6 with seconds
 *       first; or {@code every}: an ISO-8601 duration ({@code PT15M}), aligned to the epoch in UTC;
 *   <li>{@code timeZone}: where the cron fields are read, {@code UTC} by default; daylight-saving
 *       changes are handled as cron users expect (see {@link Scheduler});
 *   <li>{@code missedFires}: what to do with fires missed while no process ran, found through the
 *       schedule ledger: {@code skip} (the default), {@code fireOnce} (one late fire for all of
 *       them), {@code fireAll} (each one, oldest first, up to a limit).
 * </ul>
 *
 * <pre>{@code
 * .node("nightly", ScheduleTrigger.cron("0 2 * * *", "Europe/Paris"))
 * .node("every15", ScheduleTrigger.every(Duration.ofMinutes(15)))
 * }</pre>
 */
public final class ScheduleTrigger implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "scheduleTrigger";

  static final ScheduleTrigger INSTANCE = new ScheduleTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Schedule Trigger")
          .description("Starts the workflow on a cron schedule or at a fixed interval")
          .inputs()
          .property(PropertySpec.string("cron").describedAs("e.g. 0 8 * * MON-FRI"))
          .property(PropertySpec.string("every").describedAs("an ISO-8601 duration, e.g. PT15M"))
          .property(PropertySpec.string("timeZone").withDefault("UTC"))
          .property(
              PropertySpec.string("missedFires")
                  .oneOf("skip", "fireOnce", "fireAll")
                  .withDefault("skip"))
          .build();

  private ScheduleTrigger() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger on a cron expression}
   *
   * @param cron 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first)
   * @param timeZone a time zone id such as {@code Europe/Paris}
   */
  public static NodeDefinition cron(String cron, String timeZone) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "cron",
            Objects.requireNonNull(cron, "cron"),
            "timeZone",
            Objects.requireNonNull(timeZone, "timeZone")));
  }

  /**
   * {@return a trigger at a fixed interval, aligned to the epoch in UTC}
   *
   * @param interval at least one second, whole seconds
   */
  public static NodeDefinition every(java.time.Duration interval) {
    return NodeDefinition.of(INSTANCE, Map.of("every", interval.toString()));
  }

  /**
   * {@return a copy of a trigger with a missed-fire policy}
   *
   * @param trigger a Schedule trigger
   * @param policy {@code skip}, {@code fireOnce} or {@code fireAll}
   */
  public static NodeDefinition withMissedFires(NodeDefinition trigger, String policy) {
    Map<String, Object> p = new LinkedHashMap<>(trigger.parameters());
    p.put("missedFires", Objects.requireNonNull(policy, "policy"));
    return NodeDefinition.of(INSTANCE, p);
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    Literals.require(
        parameters, List.of("cron", "every", "timeZone", "missedFires"), "the scheduler", problems);
    if (problems.isEmpty()) {
      try {
        FireTimes.of(parameters);
      } catch (IllegalArgumentException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        problems.put(message.substring(0, colon), message.substring(colon + 2));
      }
    }
    return problems;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> items = ctx.input();
    if (!items.isEmpty()) {
      return NodeResult.of(items);
    }
    Instant now = ctx.clock().now();
    ZoneId zone = ZoneId.of(ctx.stringParameter("timeZone", 0));
    return NodeResult.of(List.of(fireItem(now, now, zone, false)));
  }

  /** {@return the item a fire emits} */
  static Item fireItem(Instant scheduledFor, Instant firedAt, ZoneId zone, boolean missed) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scheduledFor", scheduledFor.toString());
    json.put("firedAt", firedAt.toString());
    json.put("timeZone", zone.getId());
    json.put("localTime", scheduledFor.atZone(zone).toLocalDateTime().toString());
    json.put("missed", missed);
    return Item.of(json);
  }
}
