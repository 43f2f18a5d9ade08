package dev.tyboo.nodes.messaging.nats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A server URL's user and password never reach a message. */
class NatsConnectionsTest {

  @Test
  void user_info_in_server_urls_is_redacted() {
    assertThat(
            NatsConnections.redacted(
                "NATS at nats://ada:s3cret@10.0.0.1:4222,tls://tok3n@h:4222 cannot be reached"))
        .isEqualTo("NATS at nats://***@10.0.0.1:4222,tls://***@h:4222 cannot be reached")
        .doesNotContain("s3cret", "tok3n");
  }
}
