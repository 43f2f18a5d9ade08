package dev.tyboo.nodes.google;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.nodes.internal.ApiCall;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the Google nodes share: the {@code googleOAuth2Api} credential (an authorization-code
 * credential: {@code clientId}, {@code clientSecret}, {@code refreshToken}, the cached {@code
 * accessToken}; {@code tokenUrl} is Google's by default, {@code baseUrl} replaces every Google API
 * host, for a proxy or a test server), JSON calls that refresh a refused token once, and checked
 * path segments.
 */
final class GoogleApi {

  /** The credential type. */
  static final String CREDENTIAL = "googleOAuth2Api";

  /** The credential fields Google fixes unless the credential sets them. */
  static final Map<String, Object> DEFAULTS =
      Map.of(
          "tokenUrl", "https://oauth2.googleapis.com/token",
          "grantType", "authorizationCode",
          "clientAuthentication", "body");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  private GoogleApi() {}

  /**
   * {@return the base URL of a Google API host}
   *
   * @param ctx the node's context
   * @param host e.g. {@code sheets.googleapis.com}
   */
  static String base(NodeContext ctx, String host) {
    Object base = ctx.credential(CREDENTIAL).get("baseUrl");
    return base instanceof String b && !b.isBlank() ? b : "https://" + host;
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
    return ApiCall.oauth2Json(ctx, CREDENTIAL, DEFAULTS, service, item, method, uri, body);
  }

  /**
   * {@return an id (spreadsheet, file, folder), checked: letters, digits, '_' and '-'}
   *
   * @param field the parameter, for the error
   * @param value the id
   * @param item the item index
   */
  static String id(String field, String value, int item) {
    if (value == null || !ID.matcher(value).matches()) {
      throw NodeFailure.badParameter(field, item, "must be a Google id", value);
    }
    return value;
  }

  /**
   * {@return a value encoded as one path segment (spaces as %20, '/' escaped)}
   *
   * @param value e.g. an A1 range such as {@code Orders 2026!A1:D}
   */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * {@return a value encoded for a query string}
   *
   * @param value the value
   */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
