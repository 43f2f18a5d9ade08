package dev.tyboo.nodes.internal;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * One order over JSON values, for sorting: numbers (by value), then strings, then booleans (false
 * first), then anything else (by its text); {@code null} and missing values last.
 */
public final class JsonOrder implements Comparator<Object> {

  /** The order. */
  public static final JsonOrder INSTANCE = new JsonOrder();

  private JsonOrder() {}

  /**
   * {@return a number as an equality key that ignores how it is written: {@code 1} equals {@code
   * 1.0}}
   *
   * @param n a JSON number
   */
  public static Object numberKey(Number n) {
    return new BigDecimal(n.toString()).stripTrailingZeros();
  }

  private static int rank(Object v) {
    if (v instanceof Number) {
      return 0;
    }
    if (v instanceof String) {
      return 1;
    }
    if (v instanceof Boolean) {
      return 2;
    }
    return v == null ? 4 : 3;
  }

  @Override
  public int compare(Object a, Object b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 0 -> new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
      case 1 -> ((String) a).compareTo((String) b);
      case 2 -> Boolean.compare((Boolean) a, (Boolean) b);
      case 3 -> a.toString().compareTo(b.toString());
      default -> 0;
    };
  }
}
