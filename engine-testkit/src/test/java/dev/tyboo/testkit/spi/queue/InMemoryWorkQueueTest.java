package dev.tyboo.testkit.spi.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.time.ManualClock;
import org.junit.jupiter.api.Test;

class InMemoryWorkQueueTest extends WorkQueueContract {

  @Override
  protected WorkQueue createQueue(ManualClock clock) {
    return WorkQueue.inMemory(clock);
  }

  @Test
  void should_support_every_capability() {
    assertThat(createQueue(ManualClock.at(T0)).capabilities())
        .containsExactlyInAnyOrder(WorkQueue.Capability.values());
  }
}
