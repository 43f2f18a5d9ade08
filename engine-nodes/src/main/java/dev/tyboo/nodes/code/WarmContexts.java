package dev.tyboo.nodes.code;

import dev.tyboo.spi.script.Script;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hardened contexts that served a run and wait for the next run of the same script, by trust
 * domain: a context only ever serves runs of one language, name, source, wrapper and {@link
 * Script#domain()}, so that even a gap in the hardening could only show a run what the same code of
 * the same owner did before. At most {@code capacity} contexts wait in all; past that the least
 * recently used domain's are closed. A context is closed after {@code maxRuns} runs, so that
 * nothing a realm accumulates inside the engine (caches, shapes) grows without bound.
 */
final class WarmContexts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WarmContexts.class);

  /** The trust domain of a context: what must be equal for two runs to share it. */
  record Domain(String language, String owner, String name, String source, String wrapper) {

    static Domain of(String languageId, Script script) {
      return new Domain(
          languageId, script.domain(), script.name(), script.source(), script.wrapper());
    }
  }

  private final int capacity;
  private final int maxRuns;
  private final LinkedHashMap<Domain, ArrayDeque<PreparedContext>> idle =
      new LinkedHashMap<>(16, 0.75f, true);
  private int size;
  private boolean closed;

  /**
   * @param capacity how many contexts may wait in all; 0 keeps none
   * @param maxRuns how many runs one context serves before it is closed
   */
  WarmContexts(int capacity, int maxRuns) {
    this.capacity = capacity;
    this.maxRuns = maxRuns;
  }

  /** {@return whether contexts are kept at all} */
  boolean enabled() {
    return capacity > 0;
  }

  /**
   * {@return a context that served this domain before, or {@code null}}
   *
   * @param domain the run's domain
   */
  synchronized PreparedContext take(Domain domain) {
    ArrayDeque<PreparedContext> waiting = idle.get(domain);
    if (waiting == null) {
      return null;
    }
    PreparedContext p = waiting.pollLast();
    if (waiting.isEmpty()) {
      idle.remove(domain);
    }
    if (p != null) {
      size--;
    }
    return p;
  }

  /**
   * Keeps a context that a run of the domain left clean, or closes it when it served its runs or
   * there is no room.
   *
   * @param domain the domain it served
   * @param context the context, already reset
   * @param runs how many runs it served
   */
  void give(Domain domain, PreparedContext context, int runs) {
    List<PreparedContext> evicted = new ArrayList<>();
    synchronized (this) {
      if (closed || runs >= maxRuns || capacity == 0) {
        evicted.add(context);
      } else {
        idle.computeIfAbsent(domain, d -> new ArrayDeque<>()).addLast(context);
        size++;
        Iterator<Map.Entry<Domain, ArrayDeque<PreparedContext>>> eldest =
            idle.entrySet().iterator();
        while (size > capacity && eldest.hasNext()) {
          ArrayDeque<PreparedContext> q = eldest.next().getValue();
          while (size > capacity && !q.isEmpty()) {
            evicted.add(q.pollFirst());
            size--;
          }
          if (q.isEmpty()) {
            eldest.remove();
          }
        }
      }
    }
    evicted.forEach(WarmContexts::closeQuietly);
  }

  /** {@return how many contexts wait} */
  synchronized int size() {
    return size;
  }

  static void closeQuietly(PreparedContext p) {
    try {
      p.context().close();
    } catch (RuntimeException e) {
      LOG.debug("closing a script context failed", e);
    }
  }

  @Override
  public void close() {
    List<PreparedContext> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
      size = 0;
    }
    all.forEach(WarmContexts::closeQuietly);
  }
}
