package dev.tyboo.nodes.webhook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP header maps as requests and responses keep them: lower-case names, immutable lists. */
final class Headers {

  private Headers() {}

  /** {@return an immutable copy with lower-case names; values of names that differ in case join} */
  static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            h.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
    h.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(h);
  }

  /** {@return the first value of a header, or {@code null}} */
  static String first(Map<String, List<String>> lowerCased, String name) {
    List<String> values = lowerCased.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
