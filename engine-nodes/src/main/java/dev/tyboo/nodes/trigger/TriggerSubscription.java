package dev.tyboo.nodes.trigger;

/** An {@link EventTrigger}'s listening; closing it stops it and releases its connections. */
@FunctionalInterface
public interface TriggerSubscription extends AutoCloseable {

  /** Stops listening. Messages being handed off finish first or stay unacknowledged. */
  @Override
  void close();
}
