package dev.tyboo.node;

import java.util.List;
import java.util.Objects;

/**
 * A condition on another parameter of the same object: it holds when that parameter's value (its
 * default when unset) is one of some values. Values compare by their JSON text, so {@code "true"}
 * matches {@code true} and {@code "3"} matches {@code 3}. Drives {@link PropertySpec#requiredWhen}
 * and {@link PropertySpec#shownWhen}, as n8n's {@code displayOptions} do.
 *
 * @param parameter the other parameter's name
 * @param values the values for which the condition holds; at least one
 */
public record PropertyCondition(String parameter, List<Object> values) {

  /** Validates and copies the components. */
  public PropertyCondition {
    Objects.requireNonNull(parameter, "parameter");
    values = List.copyOf(values);
    if (parameter.isBlank() || values.isEmpty()) {
      throw new IllegalArgumentException(
          "a parameter condition names a parameter and at least one value");
    }
  }

  /**
   * {@return whether the condition holds for that value of the other parameter}
   *
   * @param value the other parameter's value, or {@code null} when it has none
   */
  public boolean holds(Object value) {
    if (value == null) {
      return false;
    }
    String text = String.valueOf(value);
    for (Object v : values) {
      if (text.equals(String.valueOf(v))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return values.size() == 1
        ? parameter + " is " + values.getFirst()
        : parameter + " is one of " + values;
  }
}
