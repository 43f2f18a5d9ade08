package dev.tyboo.internal.executor;

import dev.tyboo.node.Item;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the W3C trace context an execution was started with: {@code traceparent} and {@code
 * tracestate} in the first input item's {@code headers} object (any case, as a webhook trigger
 * emits request headers), or as its top-level fields.
 */
final class TraceHeaders {

  private static final List<String> NAMES = List.of("traceparent", "tracestate");

  private TraceHeaders() {}

  static Map<String, String> of(List<Item> items) {
    if (items == null || items.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> json = items.getFirst().json();
    Map<String, String> found = new LinkedHashMap<>();
    if (json.get("headers") instanceof Map<?, ?> headers) {
      headers.forEach(
          (k, v) -> {
            String name = String.valueOf(k).toLowerCase(Locale.ROOT);
            Object value = v instanceof List<?> l && !l.isEmpty() ? l.getFirst() : v;
            if (NAMES.contains(name) && value instanceof String s) {
              found.put(name, s);
            }
          });
    }
    for (String name : NAMES) {
      if (!found.containsKey(name) && json.get(name) instanceof String s) {
        found.put(name, s);
      }
    }
    return found;
  }
}
