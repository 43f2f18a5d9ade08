package dev.tyboo.nodes.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares fresh contexts ahead of the runs that will use them, on a background thread per
 * language, so that a run does not wait for a realm to be built. Each prepared context goes to one
 * run, or, when hardened, to the runs of one trust domain ({@link WarmContexts}). When none is
 * ready the run prepares its own; under a sustained load the preparer and the runs share the
 * processors, so this lowers latency more than it raises throughput.
 */
final class ContextPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContextPool.class);

  private final Map<String, BlockingQueue<PreparedContext>> ready = new ConcurrentHashMap<>();
  private final Function<String, PreparedContext> prepare;
  private final List<Thread> preparers = new ArrayList<>();
  private volatile boolean closed;

  /**
   * Starts the preparers.
   *
   * @param languageIds the languages to keep contexts ready for (GraalVM ids)
   * @param size how many contexts to keep ready per language; 0 for none
   * @param prepare makes a prepared context of a language
   */
  ContextPool(Iterable<String> languageIds, int size, Function<String, PreparedContext> prepare) {
    this.prepare = prepare;
    if (size > 0) {
      for (String id : languageIds) {
        BlockingQueue<PreparedContext> queue = new ArrayBlockingQueue<>(size);
        ready.put(id, queue);
        Thread t = new Thread(() -> prepareForever(id, queue), "tyboo-script-preparer-" + id);
        t.setDaemon(true);
        preparers.add(t);
      }
      preparers.forEach(Thread::start);
    }
  }

  /**
   * {@return a prepared context of the language: a ready one, else a new one}
   *
   * @param languageId GraalVM's id of the language
   */
  PreparedContext take(String languageId) {
    BlockingQueue<PreparedContext> queue = ready.get(languageId);
    PreparedContext p = queue == null ? null : queue.poll();
    return p != null ? p : prepare.apply(languageId);
  }

  private void prepareForever(String languageId, BlockingQueue<PreparedContext> queue) {
    while (!closed) {
      PreparedContext p;
      try {
        p = prepare.apply(languageId);
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.warn("preparing a {} context failed", languageId, e);
          pause();
        }
        continue;
      }
      try {
        queue.put(p);
      } catch (InterruptedException e) {
        p.context().close();
        return;
      }
      if (closed && queue.remove(p)) {
        p.context().close();
      }
    }
  }

  private static void pause() {
    try {
      TimeUnit.SECONDS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : preparers) {
      t.interrupt();
    }
    for (Thread t : preparers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (BlockingQueue<PreparedContext> queue : ready.values()) {
      PreparedContext p;
      while ((p = queue.poll()) != null) {
        p.context().close();
      }
    }
  }
}
