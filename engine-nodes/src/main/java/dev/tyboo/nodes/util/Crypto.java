package dev.tyboo.nodes.util;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.JsonPaths;
import dev.tyboo.workflow.NodeDefinition;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes, signs or generates a value per item and writes it to {@code destination} (JSON type
 * {@code crypto}). Actions: {@code hash} of {@code value} with {@code algorithm} (SHA-256 by
 * default; MD5, SHA-1, SHA-384, SHA-512); {@code hmac} of {@code value} with {@code secret} and
 * {@code algorithm}; {@code uuid}, a random UUID. Encoding {@code hex} (default) or {@code base64}.
 * Until credentials land, the HMAC secret is a parameter: keep it out of stored workflows by
 * passing it through {@code $vars}.
 */
public final class Crypto {

  /** The JSON type name. */
  public static final String TYPE = "crypto";

  private static final Map<String, String> HMAC =
      Map.of(
          "MD5", "HmacMD5",
          "SHA-1", "HmacSHA1",
          "SHA-256", "HmacSHA256",
          "SHA-384", "HmacSHA384",
          "SHA-512", "HmacSHA512");

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Crypto")
          .description("Hashes or signs a value (HMAC), or makes a UUID, per item")
          .property(PropertySpec.string("action").oneOf("hash", "hmac", "uuid").required())
          .property(PropertySpec.string("value").describedAs("hash, hmac: the text"))
          .property(PropertySpec.string("secret").describedAs("hmac: the key"))
          .property(
              PropertySpec.string("algorithm")
                  .oneOf("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512")
                  .withDefault("SHA-256"))
          .property(PropertySpec.string("encoding").oneOf("hex", "base64").withDefault("hex"))
          .property(PropertySpec.string("destination").withDefault("data"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Crypto::execute);

  private Crypto() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node writing the SHA-256 hash (hex) of a value to a field}
   *
   * @param value the text, usually an expression such as {@code {{ $json.email }}}
   * @param destination the field (dot path) to write
   */
  public static NodeDefinition sha256(String value, String destination) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "action", "hash", "value", Objects.requireNonNull(value), "destination", destination));
  }

  /**
   * {@return a node writing the HMAC-SHA256 (hex) of a value to a field}
   *
   * @param value the text
   * @param secret the key, usually {@code {{ $vars.signingKey }}}
   * @param destination the field (dot path) to write
   */
  public static NodeDefinition hmacSha256(String value, String secret, String destination) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("action", "hmac");
    p.put("value", Objects.requireNonNull(value));
    p.put("secret", Objects.requireNonNull(secret));
    p.put("destination", destination);
    return NodeDefinition.of(INSTANCE, p);
  }

  /**
   * {@return a node writing a random UUID to a field}
   *
   * @param destination the field (dot path) to write
   */
  public static NodeDefinition uuid(String destination) {
    return NodeDefinition.of(INSTANCE, Map.of("action", "uuid", "destination", destination));
  }

  private static NodeResult execute(NodeContext ctx) throws GeneralSecurityException {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      String action = ctx.stringParameter("action", i);
      String algorithm = ctx.stringParameter("algorithm", i);
      Object result;
      if ("uuid".equals(action)) {
        result = UUID.randomUUID().toString();
      } else {
        byte[] value = required(ctx, "value", i).getBytes(StandardCharsets.UTF_8);
        byte[] digest;
        if ("hmac".equals(action)) {
          Mac mac = Mac.getInstance(HMAC.get(algorithm));
          mac.init(
              new SecretKeySpec(
                  required(ctx, "secret", i).getBytes(StandardCharsets.UTF_8),
                  HMAC.get(algorithm)));
          digest = mac.doFinal(value);
        } else {
          digest = MessageDigest.getInstance(algorithm).digest(value);
        }
        result =
            "base64".equals(ctx.stringParameter("encoding", i))
                ? Base64.getEncoder().encodeToString(digest)
                : HexFormat.of().formatHex(digest);
      }
      Map<String, Object> json = JsonPaths.mutableCopy(input.get(i).json());
      JsonPaths.set(json, ctx.stringParameter("destination", i), result);
      out.add(input.get(i).withJson(json));
    }
    return NodeResult.of(out);
  }

  private static String required(NodeContext ctx, String name, int item) {
    String v = ctx.stringParameter(name, item);
    if (v == null) {
      throw new NonRetryableNodeException(
          "parameter '"
              + name
              + "' is required for action '"
              + ctx.stringParameter("action", item)
              + "' (item "
              + item
              + ")");
    }
    return v;
  }
}
