package dev.tyboo.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tyboo.internal.json.JsonValues;

/**
 * The one place where the engine's Jackson mappers are configured. Every module (core, nodes, AI,
 * persistence, test kit) takes its mappers from here, and a node author who needs one should too,
 * so that JSON means the same everywhere: the same depth bound, the same numbers, the same
 * refusals.
 *
 * <p>Settings of {@link #standard()}, the mapper for data (items, request and response bodies,
 * stored documents):
 *
 * <ul>
 *   <li>objects and arrays nest at most {@link #MAX_NESTING_DEPTH} deep, a little more than items
 *       may ({@code 256}), so that a hostile document fails while parsing instead of overflowing a
 *       stack later;
 *   <li>strings are at most {@link #MAX_STRING_LENGTH} characters (Jackson's default); the length
 *       of a whole document is left to whoever reads it (an HTTP body has its own limit);
 *   <li>anything after the first value ({@code {"a":1} x}) is refused rather than ignored;
 *   <li>{@code NaN} and {@code Infinity} are refused (they are not JSON);
 *   <li>untyped integers read as {@code Integer}, {@code Long} or {@code BigInteger} as they fit,
 *       fractions as {@code Double} (Jackson's defaults, which item values and expressions rely
 *       on);
 *   <li>unknown properties of a typed target are refused (Jackson's default).
 * </ul>
 *
 * <p>{@link #documents()} adds what documents written by people need: comments are allowed and a
 * key given twice in one object is refused. {@link #canonical()} writes map keys sorted, for hashes
 * that must not depend on insertion order.
 *
 * <p>Each call returns a new mapper, so that reconfiguring one never changes another; create one
 * per class and keep it (a mapper is thread-safe once configured, and costly to create). {@link
 * #builder()} starts from the standard settings for a variant of your own.
 */
public final class JsonMappers {

  /** Deepest nesting of objects and arrays that a mapper from here parses. */
  public static final int MAX_NESTING_DEPTH = JsonValues.MAX_DEPTH + 8;

  /** Longest string value, in characters, that a mapper from here parses. */
  public static final int MAX_STRING_LENGTH = StreamReadConstraints.DEFAULT_MAX_STRING_LEN;

  private JsonMappers() {}

  /** {@return a new mapper with the standard settings (see the class comment)} */
  public static ObjectMapper standard() {
    return builder().build();
  }

  /**
   * {@return a new mapper for documents written by people: the standard settings, comments allowed
   * and duplicate keys refused}
   */
  public static ObjectMapper documents() {
    return configured(
            factory(MAX_STRING_LENGTH).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
        .enable(JsonParser.Feature.ALLOW_COMMENTS)
        .build();
  }

  /** {@return a new mapper with the standard settings that writes map entries sorted by key} */
  public static ObjectMapper canonical() {
    return builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  }

  /**
   * {@return a new builder with the standard settings, for a variant} Its factory is fixed; use
   * {@link #builder(int)} for a longer string bound.
   */
  public static JsonMapper.Builder builder() {
    return builder(MAX_STRING_LENGTH);
  }

  /**
   * {@return a new builder with the standard settings and another string bound} The engine reads
   * back its own checkpoints with {@link Integer#MAX_VALUE}: whatever it wrote, it must read.
   *
   * @param maxStringLength the longest string value, in characters
   * @throws IllegalArgumentException if the bound is not positive
   */
  public static JsonMapper.Builder builder(int maxStringLength) {
    if (maxStringLength <= 0) {
      throw new IllegalArgumentException(
          "maxStringLength must be positive, was " + maxStringLength);
    }
    return configured(factory(maxStringLength).build());
  }

  private static JsonMapper.Builder configured(JsonFactory factory) {
    return JsonMapper.builder(factory)
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private static JsonFactoryBuilder factory(int maxStringLength) {
    return new JsonFactoryBuilder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(maxStringLength)
                .build());
  }
}
