package dev.tyboo.internal.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.NodeMemory;
import dev.tyboo.spi.store.NodeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link NodeMemory} of one attempt: entries are numbered from 0 in the order this attempt
 * appends them, so that a repeated run appending the same entries writes none twice.
 */
final class RunMemory implements NodeMemory {

  private static final ObjectMapper JSON = JsonMappers.standard();

  private final ExecutionRun run;
  private final int node;
  private final AtomicInteger appended = new AtomicInteger();

  RunMemory(ExecutionRun run, int node) {
    this.run = run;
    this.node = node;
  }

  private String scope() {
    String tenant = run.plan().tenant;
    return tenant == null ? "" : tenant;
  }

  @Override
  public List<Object> recent(String key, int max) {
    NodeStore.checkMemoryKey(key);
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    List<Object> values = new ArrayList<>();
    for (String json : run.backend().memory(run, scope(), key, max)) {
      try {
        values.add(JSON.readValue(json, Object.class));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "an entry of memory '" + key + "' is not JSON: " + e.getOriginalMessage(), e);
      }
    }
    return values;
  }

  @Override
  public void append(String key, List<?> values) {
    NodeStore.checkMemoryKey(key);
    List<String> json = new ArrayList<>(values.size());
    for (Object value : values) {
      String entry;
      try {
        entry = JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "memory '" + key + "': an entry is not JSON data: " + e.getOriginalMessage(), e);
      }
      if (entry.length() > dev.tyboo.node.NodeSteps.MAX_VALUE_CHARS) {
        throw new IllegalArgumentException(
            "memory '"
                + key
                + "': an entry is "
                + entry.length()
                + " characters as JSON; at most "
                + dev.tyboo.node.NodeSteps.MAX_VALUE_CHARS);
      }
      json.add(entry);
    }
    if (json.isEmpty()) {
      return;
    }
    int first = appended.getAndAdd(json.size());
    run.backend().appendMemory(run, node, scope(), key, first, json);
  }

  @Override
  public int forget(String key) {
    NodeStore.checkMemoryKey(key);
    return run.backend().forgetMemory(run, scope(), key);
  }
}
