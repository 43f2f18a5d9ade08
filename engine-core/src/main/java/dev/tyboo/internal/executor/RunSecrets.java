package dev.tyboo.internal.executor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The credential values one execution run was lent, in every form a server or a library is likely
 * to echo them: as they are, Base64 (standard and URL-safe, with and without padding), URL-encoded,
 * JSON-escaped, hex, and the Basic header of every pair of a credential's values. The engine
 * replaces them with {@link #MARKER} in every text it derives from the run: failure messages (and
 * so events, log lines, stored errors, error items, audit details and exports).
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not redacted: they would blank common
 * words out of every message.
 */
final class RunSecrets {

  /** What a secret is replaced with. */
  static final String MARKER = "[redacted]";

  /** Shortest value redacted. */
  static final int MIN_LENGTH = 4;

  /** Credentials with more fields than this get no pair forms (their count grows as the square). */
  static final int MAX_PAIRED_FIELDS = 16;

  /** Forms to replace, longest first. */
  private volatile List<String> forms = List.of();

  /**
   * Adds the values of one credential.
   *
   * @param data a credential's data as lent to a node
   */
  void add(Map<String, Object> data) {
    List<String> values = new ArrayList<>();
    for (Object v : data.values()) {
      if (v instanceof String s && s.length() >= MIN_LENGTH) {
        values.add(s);
      }
    }
    if (values.isEmpty()) {
      return;
    }
    Set<String> more = new LinkedHashSet<>();
    for (String v : values) {
      more.addAll(formsOf(v));
    }
    for (Object a : data.size() > MAX_PAIRED_FIELDS ? List.of() : data.values()) {
      for (Object b : data.values()) {
        if (a instanceof String user && b instanceof String password && a != b) {
          more.addAll(base64Forms(user + ":" + password));
        }
      }
    }
    synchronized (this) {
      Set<String> all = new LinkedHashSet<>(forms);
      if (!all.addAll(more)) {
        return;
      }
      List<String> sorted = new ArrayList<>(all);
      sorted.removeIf(f -> f.length() < MIN_LENGTH);
      sorted.sort(Comparator.comparingInt(String::length).reversed());
      forms = List.copyOf(sorted);
    }
  }

  /** {@return whether no secret was lent yet} */
  boolean isEmpty() {
    return forms.isEmpty();
  }

  /**
   * {@return the text with every form of every secret replaced by {@link #MARKER}}
   *
   * @param text a message, or {@code null}
   */
  String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String form : forms) {
      if (out.contains(form)) {
        out = out.replace(form, MARKER);
      }
    }
    return out;
  }

  private static Set<String> formsOf(String v) {
    Set<String> f = new LinkedHashSet<>();
    f.add(v);
    f.addAll(base64Forms(v));
    f.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
    f.add(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
    f.add(jsonEscaped(v));
    byte[] raw = v.getBytes(StandardCharsets.UTF_8);
    f.add(HexFormat.of().formatHex(raw));
    f.add(HexFormat.of().withUpperCase().formatHex(raw));
    return f;
  }

  private static Set<String> base64Forms(String v) {
    byte[] raw = v.getBytes(StandardCharsets.UTF_8);
    Set<String> f = new LinkedHashSet<>();
    f.add(Base64.getEncoder().encodeToString(raw));
    f.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
    f.add(Base64.getUrlEncoder().encodeToString(raw));
    f.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    return f;
  }

  private static String jsonEscaped(String v) {
    StringBuilder sb = new StringBuilder(v.length() + 8);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '/' -> sb.append("\\/");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
