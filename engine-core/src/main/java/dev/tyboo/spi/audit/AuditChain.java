package dev.tyboo.spi.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.json.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How audit records are chained and checked: SHA-256 over a canonical JSON of the record's fields
 * (keys sorted, times in microseconds), the detail covered by its own hash. Every {@link AuditLog}
 * uses {@link #link} to make records and {@link #verify} to check them, so the chain means the same
 * in every store.
 */
public final class AuditChain {

  /** The previous hash of the first record. */
  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper CANONICAL = JsonMappers.canonical();

  private AuditChain() {}

  /**
   * {@return the record that follows {@code previousHash} with this event} Its time is cut to
   * microseconds, which every store keeps exactly.
   *
   * @param sequence its sequence number
   * @param event the event
   * @param previousHash the hash of the record before it, or {@link #GENESIS}
   */
  public static AuditRecord link(long sequence, AuditEvent event, String previousHash) {
    AuditEvent e =
        new AuditEvent(
            event.time().truncatedTo(ChronoUnit.MICROS),
            event.tenant(),
            event.actor(),
            event.action(),
            event.target(),
            event.detail());
    String detailHash = detailHash(e.detail());
    return new AuditRecord(
        sequence, e, false, detailHash, previousHash, hash(sequence, e, detailHash, previousHash));
  }

  /**
   * {@return the SHA-256 (hex) of a detail's canonical JSON}
   *
   * @param detail the detail
   */
  public static String detailHash(Map<String, Object> detail) {
    return sha256(canonical(detail));
  }

  /**
   * {@return the hash a record with these fields must have}
   *
   * @param sequence its sequence number
   * @param e its event (the detail is not read: {@code detailHash} covers it)
   * @param detailHash the hash of its detail
   * @param previousHash the hash of the record before it
   */
  public static String hash(long sequence, AuditEvent e, String detailHash, String previousHash) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("sequence", sequence);
    fields.put("timeMicros", ChronoUnit.MICROS.between(java.time.Instant.EPOCH, e.time()));
    fields.put("tenant", e.tenant());
    fields.put("actor", e.actor());
    fields.put("action", e.action());
    fields.put("target", e.target());
    fields.put("detailHash", detailHash);
    fields.put("previousHash", previousHash);
    return sha256(canonical(fields));
  }

  /**
   * Checks the whole chain, a page at a time: numbers without gaps from 1, each record linked to
   * the one before it, each hash recomputed, and each detail that was not erased matching its hash.
   * Every break is reported, not only the first. Records deleted from the end of the log leave no
   * break: keep an {@link AuditAnchor} elsewhere and use {@link #verify(AuditLog, AuditAnchor)}.
   *
   * @param log the log
   * @return what was found
   */
  public static AuditVerification verify(AuditLog log) {
    return verify(log, null);
  }

  /**
   * Checks the whole chain like {@link #verify(AuditLog)}, and that it still reaches an anchor
   * taken earlier: the anchor's record is there with the anchor's hash. A log cut back below the
   * anchor (its newest records deleted) or rewritten up to it is reported.
   *
   * @param log the log
   * @param anchor a head taken earlier with {@link AuditLog#head()}, or {@code null}
   * @return what was found
   */
  public static AuditVerification verify(AuditLog log, AuditAnchor anchor) {
    List<AuditBreak> breaks = new ArrayList<>();
    String previous = GENESIS;
    long expected = 1;
    long after = 0;
    boolean anchorSeen = anchor == null || anchor.sequence() == 0;
    while (true) {
      List<AuditRecord> page = log.read(AuditQuery.all().page(after, 1_000));
      if (page.isEmpty()) {
        break;
      }
      for (AuditRecord r : page) {
        long seq = r.sequence();
        if (seq != expected) {
          breaks.add(
              new AuditBreak(
                  expected,
                  seq == expected + 1
                      ? "record " + expected + " is missing"
                      : "records " + expected + " to " + (seq - 1) + " are missing"));
        }
        if (!r.previousHash().equals(previous)) {
          breaks.add(
              new AuditBreak(seq, "record " + seq + " does not follow the record read before it"));
        }
        if (!r.hash().equals(hash(seq, r.event(), r.detailHash(), r.previousHash()))) {
          breaks.add(new AuditBreak(seq, "record " + seq + " was changed after it was written"));
        }
        if (!r.detailErased() && !r.detailHash().equals(detailHash(r.detail()))) {
          breaks.add(new AuditBreak(seq, "the detail of record " + seq + " was changed"));
        }
        if (anchor != null && seq == anchor.sequence()) {
          anchorSeen = true;
          if (!r.hash().equals(anchor.hash())) {
            breaks.add(
                new AuditBreak(
                    seq, "record " + seq + " is not the one the anchor " + anchor + " names"));
          }
        }
        previous = r.hash();
        expected = seq + 1;
        after = seq;
      }
    }
    if (!anchorSeen) {
      breaks.add(
          new AuditBreak(
              expected,
              "the log ends at record "
                  + (expected - 1)
                  + " but the anchor "
                  + anchor
                  + " says "
                  + anchor.sequence()
                  + " were written: records "
                  + expected
                  + " to "
                  + anchor.sequence()
                  + " were deleted"));
    }
    breaks.sort(java.util.Comparator.comparingLong(AuditBreak::sequence));
    long verified = breaks.isEmpty() ? expected - 1 : breaks.getFirst().sequence() - 1;
    return new AuditVerification(breaks.isEmpty(), verified, breaks);
  }

  /**
   * {@return whether one of some values appears as a JSON string anywhere in a detail}
   *
   * @param json a detail, or any JSON value in it
   * @param values the values, such as a data subject's id and the ids of its executions
   */
  public static boolean mentions(Object json, Set<String> values) {
    if (json instanceof String s) {
      return values.contains(s);
    }
    if (json instanceof Map<?, ?> m) {
      return m.values().stream().anyMatch(v -> mentions(v, values));
    }
    if (json instanceof List<?> l) {
      return l.stream().anyMatch(v -> mentions(v, values));
    }
    return false;
  }

  /**
   * {@return whether a value appears as a JSON string anywhere in a detail}
   *
   * @param json a detail, or any JSON value in it
   * @param value the value, such as a data subject's id
   */
  public static boolean mentions(Object json, String value) {
    if (json instanceof String s) {
      return s.equals(value);
    }
    if (json instanceof Map<?, ?> m) {
      return m.values().stream().anyMatch(v -> mentions(v, value));
    }
    if (json instanceof List<?> l) {
      return l.stream().anyMatch(v -> mentions(v, value));
    }
    return false;
  }

  /**
   * {@return the record with its detail erased: empty, marked erased, every hash unchanged}
   *
   * @param r a record
   */
  public static AuditRecord erased(AuditRecord r) {
    AuditEvent e = r.event();
    return new AuditRecord(
        r.sequence(),
        new AuditEvent(e.time(), e.tenant(), e.actor(), e.action(), e.target(), Map.of()),
        true,
        r.detailHash(),
        r.previousHash(),
        r.hash());
  }

  private static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit detail is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
