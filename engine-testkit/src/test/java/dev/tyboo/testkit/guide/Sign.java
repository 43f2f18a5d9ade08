package dev.tyboo.testkit.guide;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a field with the key of an {@code acmeApi} credential (JSON type {@code acme.sign}). */
public final class Sign {

  /** Its parameters. @param field the field to sign */
  public record Parameters(@Param(required = true) String field) {}

  /** The node type. */
  public static final NodeType TYPE =
      NodeType.of(
          NodeDescriptor.builder("acme.sign")
              .parameters(Parameters.class)
              .credentialType("acmeApi") // the workflow names which acmeApi credential
              .build(),
          ctx -> {
            String key = (String) ctx.credential("acmeApi").get("signingKey"); // never log it
            if (key == null) {
              throw NodeFailure.of("the acmeApi credential has no signingKey");
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return NodeResult.mapItems(
                ctx,
                Parameters.class,
                (item, p) ->
                    item.with(
                            "signature",
                            HexFormat.of()
                                .formatHex(
                                    mac.doFinal(
                                        String.valueOf(item.get(p.field()))
                                            .getBytes(StandardCharsets.UTF_8))))
                        .with("requestId", ctx.idempotencyKey())); // the same on every retry
          });

  private Sign() {}
}
