package dev.tyboo.execution;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The id of one execution: a time-ordered UUID (version 7 layout), so ids sort by start time.
 *
 * @param value the id as text
 */
public record ExecutionId(String value) {

  /** Validates the component. */
  public ExecutionId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("execution id must not be blank");
    }
  }

  /**
   * {@return the typed id}
   *
   * @param value an id as text
   */
  public static ExecutionId of(String value) {
    return new ExecutionId(value);
  }

  /**
   * {@return a new id, unique with overwhelming probability (74 random bits)}
   *
   * @param epochMillis the creation time, which leads the id
   */
  public static ExecutionId newId(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new ExecutionId(new java.util.UUID(msb, lsb).toString());
  }

  /**
   * {@return the id of the execution a deduplicated start makes} The same workflow name and key
   * always give the same id (a version 8 UUID from their SHA-256), so that every process finds the
   * execution an earlier start made. Such ids do not sort by start time.
   *
   * @param workflowName the workflow's name
   * @param key the deduplication key
   */
  public static ExecutionId forKey(String workflowName, String key) {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    sha.update(workflowName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    sha.update((byte) 0);
    byte[] h = sha.digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h);
    long msb = (b.getLong() & ~0xF000L) | 0x8000L;
    long lsb = (b.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new ExecutionId(new java.util.UUID(msb, lsb).toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
