package dev.tyboo.internal.executor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node memories of an in-memory engine ({@code NodeContext.memory()}): for the engine's life,
 * at most {@value #MAX_ENTRIES} entries per memory (the oldest go first).
 */
final class InMemoryMemories {

  static final int MAX_ENTRIES = 10_000;

  /** scope + key -> (execution, node, index) -> entry, oldest first. */
  private final Map<String, LinkedHashMap<String, String>> memories = new HashMap<>();

  private static String memoryOf(String scope, String key) {
    return scope + '\u0000' + key;
  }

  synchronized void append(
      String scope, String key, String writer, int first, List<String> entries) {
    LinkedHashMap<String, String> memory =
        memories.computeIfAbsent(memoryOf(scope, key), k -> new LinkedHashMap<>());
    for (int k = 0; k < entries.size(); k++) {
      memory.putIfAbsent(writer + '\u0000' + (first + k), entries.get(k));
    }
    Iterator<String> oldest = memory.keySet().iterator();
    while (memory.size() > MAX_ENTRIES) {
      oldest.next();
      oldest.remove();
    }
  }

  synchronized List<String> recent(String scope, String key, int max) {
    LinkedHashMap<String, String> memory = memories.get(memoryOf(scope, key));
    if (memory == null) {
      return List.of();
    }
    List<String> all = new ArrayList<>(memory.values());
    return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
  }

  synchronized int forget(String scope, String key) {
    LinkedHashMap<String, String> memory = memories.remove(memoryOf(scope, key));
    return memory == null ? 0 : memory.size();
  }
}
