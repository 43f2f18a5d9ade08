package dev.tyboo.nodes.microsoft;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.nodes.internal.ApiCall;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What the Microsoft nodes share: the {@code microsoftOAuth2Api} credential (authorization code:
 * {@code clientId}, {@code clientSecret}, {@code refreshToken}, the cached {@code accessToken};
 * {@code tenant}, {@code common} by default, names the token endpoint {@code
 * https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token} unless {@code tokenUrl} is set;
 * {@code baseUrl}, {@code https://graph.microsoft.com/v1.0} by default), JSON calls that renew a
 * refused token once, and drive paths.
 */
final class GraphApi {

  /** The credential type. */
  static final String CREDENTIAL = "microsoftOAuth2Api";

  private GraphApi() {}

  /**
   * {@return the credential fields Microsoft fixes unless the credential sets them}
   *
   * @param ctx the node's context
   */
  static Map<String, Object> defaults(NodeContext ctx) {
    Object tenant = ctx.credential(CREDENTIAL).getOrDefault("tenant", "common");
    if (!String.valueOf(tenant).matches("[A-Za-z0-9.-]{1,100}")) {
      throw NodeFailure.of("microsoftOAuth2Api credential has a malformed 'tenant'");
    }
    return Map.of(
        "tokenUrl",
        "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token",
        "grantType",
        "authorizationCode",
        "clientAuthentication",
        "body");
  }

  /**
   * {@return Graph's base URL}
   *
   * @param ctx the node's context
   */
  static String base(NodeContext ctx) {
    Object base = ctx.credential(CREDENTIAL).get("baseUrl");
    return base instanceof String b && !b.isBlank() ? b : "https://graph.microsoft.com/v1.0";
  }

  /**
   * {@return the answer of a JSON call with the credential's token}
   *
   * @param ctx the node's context
   * @param service the API's name, for messages
   * @param item the item index
   * @param method GET, POST, PUT, PATCH
   * @param uri where
   * @param body the JSON body, or {@code null}
   */
  static ApiCall.Answer call(
      NodeContext ctx, String service, int item, String method, URI uri, Object body)
      throws InterruptedException {
    return ApiCall.oauth2Json(ctx, CREDENTIAL, defaults(ctx), service, item, method, uri, body);
  }

  /**
   * {@return a drive path as Graph addresses it, {@code /me/drive/root:/a/b.xlsx:}, each segment
   * percent-encoded; the root for an empty path}
   *
   * @param field the parameter, for errors
   * @param path e.g. {@code Reports/orders.xlsx}
   * @param item the item index
   */
  static String drivePath(String field, String path, int item) {
    String trimmed = path == null ? "" : path.strip();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    if (trimmed.isEmpty()) {
      return "/me/drive/root";
    }
    StringJoiner encoded = new StringJoiner("/");
    for (String segment : trimmed.split("/")) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw NodeFailure.badParameter(field, item, "must be a path of names, without '..'", path);
      }
      encoded.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return "/me/drive/root:/" + encoded + ":";
  }

  /**
   * Checks that a link Graph returned (next page, upload session) stays on Graph's host, so the
   * token is not sent elsewhere.
   *
   * @param link the link
   * @param base Graph's base URL
   * @param item the item index
   * @return the link
   */
  static URI sameHost(String link, String base, int item) {
    URI uri = URI.create(link);
    URI b = URI.create(base);
    if (!java.util.Objects.equals(uri.getHost(), b.getHost()) || uri.getPort() != b.getPort()) {
      throw new NonRetryableNodeException(
          "Microsoft Graph's link is on another host; not followed with the token", item, null);
    }
    return uri;
  }
}
