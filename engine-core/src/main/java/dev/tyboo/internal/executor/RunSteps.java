package dev.tyboo.internal.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.NodeSteps;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link NodeSteps} of one node run: read once from the back-end (the store, or the node's
 * state in memory), written through it.
 */
final class RunSteps implements NodeSteps {

  private static final ObjectMapper JSON = JsonMappers.standard();

  private final ExecutionRun run;
  private final int node;
  private volatile Map<String, String> recorded;

  RunSteps(ExecutionRun run, int node) {
    this.run = run;
    this.node = node;
  }

  private Map<String, String> recorded() {
    Map<String, String> r = recorded;
    if (r == null) {
      r = new ConcurrentHashMap<>(run.backend().steps(run, node));
      recorded = r;
    }
    return r;
  }

  @Override
  public Optional<Object> get(String step) {
    NodeSteps.checkName(step);
    String json = recorded().get(step);
    return json == null ? Optional.empty() : Optional.ofNullable(read(json));
  }

  @Override
  public boolean contains(String step) {
    NodeSteps.checkName(step);
    return recorded().containsKey(step);
  }

  @Override
  public Object record(String step, Object value) {
    NodeSteps.checkName(step);
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "step '" + step + "': the value is not JSON data: " + e.getOriginalMessage(), e);
    }
    if (json.length() > MAX_VALUE_CHARS) {
      throw new IllegalArgumentException(
          "step '"
              + step
              + "': the value is "
              + json.length()
              + " characters as JSON; at most "
              + MAX_VALUE_CHARS);
    }
    String stored = run.backend().recordStep(run, node, step, json);
    recorded().put(step, stored);
    return stored.equals(json) ? value : read(stored);
  }

  private static Object read(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a recorded step is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
