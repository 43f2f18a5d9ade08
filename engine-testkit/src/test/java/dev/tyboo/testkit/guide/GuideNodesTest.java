package dev.tyboo.testkit.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.node.Item;
import dev.tyboo.testkit.node.NodeTestKit;
import dev.tyboo.testkit.node.NodeTestResult;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The guide's other nodes do what the guide says. */
class GuideNodesTest {

  @Test
  void sign_signs_with_the_credential_and_keeps_one_request_id_per_node_run() throws Exception {
    NodeTestResult result =
        NodeTestKit.of(Sign.TYPE)
            .parameters(Map.of("field", "id"))
            .credential("acmeApi", Map.of("signingKey", "k"))
            .input(Item.listOf(Map.of("id", 7), Map.of("id", 8)))
            .run();

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("k".getBytes(UTF_8), "HmacSHA256"));
    assertThat(result.output().getFirst().get("signature"))
        .isEqualTo(HexFormat.of().formatHex(mac.doFinal("7".getBytes(UTF_8))));
    assertThat(result.output())
        .extracting(i -> i.get("requestId"))
        .containsOnly(result.execution().id().value() + "/node/0");
  }

  @Test
  void sign_fails_without_its_key_and_does_not_echo_the_credential() {
    NodeTestResult result =
        NodeTestKit.of(Sign.TYPE)
            .parameters(Map.of("field", "id"))
            .credential("acmeApi", Map.of("token", "s3cr3t-value"))
            .input(Item.listOf(Map.of("id", 7)))
            .run();

    assertThat(result.failure().orElseThrow().getMessage())
        .contains("the acmeApi credential has no signingKey")
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void checksum_streams_the_attachment() throws Exception {
    NodeTestResult result =
        NodeTestKit.of(Checksum.TYPE)
            .input(Item.listOf(Map.of()))
            .file(0, "data", "a.txt", "text/plain", "hello".getBytes(UTF_8))
            .run();

    assertThat(result.output().getFirst().get("sha256"))
        .isEqualTo(
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest("hello".getBytes(UTF_8))));
  }

  @Test
  void remind_waits_and_its_conditional_parameters_are_checked_before_the_run() {
    assertThat(
            NodeTestKit.of(Remind.TYPE)
                .parameters(Map.of("delay", "2h"))
                .input(Item.listOf(Map.of()))
                .run()
                .waits())
        .isTrue();
    assertThatThrownBy(() -> NodeTestKit.of(Remind.TYPE).parameters(Map.of("mode", "at")).run())
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("parameter 'at' is required when mode is at");
    assertThatThrownBy(
            () ->
                NodeTestKit.of(Remind.TYPE)
                    .parameters(Map.of("delay", "2h", "at", "2026-12-24T18:00:00Z"))
                    .run())
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("parameter 'at' applies only when mode is at");
  }

  @Test
  void tick_starts_with_the_items_it_is_given_or_the_time() {
    assertThat(NodeTestKit.of(Tick.TYPE).run().output().getFirst().get("firedAt"))
        .isEqualTo(NodeTestKit.EPOCH.toString());
    assertThat(
            NodeTestKit.of(Tick.TYPE)
                .input(Item.listOf(Map.of("n", 1)))
                .run()
                .output()
                .getFirst()
                .get("n"))
        .isEqualTo(1);
  }
}
