package dev.tyboo.nodes.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.CredentialException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.NodeContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * OAuth 2.0 access tokens (RFC 6749) for the credential type {@value #TYPE} and for services' own
 * OAuth2 credential types ({@code googleOAuth2Api}, {@code microsoftOAuth2Api}): a cached token
 * while it is valid, else a new one from the token endpoint by the client-credentials grant
 * (section 4.4) or by the refresh-token grant (section 6) for authorization-code credentials, whose
 * first tokens the host obtains with its own login flow. New tokens (and a rotated refresh token)
 * are written back to the credential, so the next call and the next process reuse them.
 *
 * <p>Credential fields: {@code tokenUrl}, {@code clientId}, {@code clientSecret}, {@code grantType}
 * ({@code clientCredentials} or {@code authorizationCode}), {@code refreshToken}, {@code scope},
 * {@code clientAuthentication} ({@code basic}, RFC 6749 2.3.1, or {@code body}), and the cached
 * {@code accessToken} and {@code expiresAt}. A service's credential type may give defaults.
 */
public final class OAuth2Tokens {

  /** The generic credential type. */
  public static final String TYPE = "oAuth2Api";

  /** A token this close to its expiry is refreshed first. */
  private static final Duration EARLY = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = JsonMappers.standard();

  private OAuth2Tokens() {}

  /** Sends a token request. */
  @FunctionalInterface
  public interface Sender {
    /**
     * {@return the response, its body as text}
     *
     * @param request the token request
     * @throws IOException when it cannot be sent
     * @throws InterruptedException when interrupted
     */
    HttpResponse<String> send(java.net.http.HttpRequest request)
        throws IOException, InterruptedException;
  }

  /**
   * {@return an access token of the generic {@value #TYPE} credential}
   *
   * @param ctx the node's context
   * @param sender sends the token request (checked against the engine's network policy when the
   *     node's requests are)
   * @param i the item, for error messages
   * @param renew ignore the cached token (the API refused it)
   * @throws InterruptedException when interrupted
   */
  public static String accessToken(NodeContext ctx, Sender sender, int i, boolean renew)
      throws InterruptedException {
    return accessToken(ctx, TYPE, Map.of(), sender, i, renew);
  }

  /**
   * {@return an access token}
   *
   * @param ctx the node's context
   * @param type the credential type
   * @param defaults values of fields the credential does not set, such as a service's {@code
   *     tokenUrl}
   * @param sender sends the token request
   * @param i the item, for error messages
   * @param renew ignore the cached token (the API refused it)
   * @throws InterruptedException when interrupted
   */
  public static String accessToken(
      NodeContext ctx,
      String type,
      Map<String, Object> defaults,
      Sender sender,
      int i,
      boolean renew)
      throws InterruptedException {
    Map<String, Object> stored = ctx.credential(type);
    Map<String, Object> cred = new LinkedHashMap<>(defaults);
    cred.putAll(stored);
    Instant now = ctx.clock().now();
    if (!renew
        && cred.get("accessToken") instanceof String token
        && !token.isEmpty()
        && stillValid(cred.get("expiresAt"), now)) {
      return token;
    }
    String grant = String.valueOf(cred.getOrDefault("grantType", "clientCredentials"));
    Map<String, String> form = new LinkedHashMap<>();
    switch (grant) {
      case "clientCredentials" -> form.put("grant_type", "client_credentials");
      case "authorizationCode" -> {
        if (!(cred.get("refreshToken") instanceof String refresh) || refresh.isEmpty()) {
          throw new CredentialException(
              "its "
                  + type
                  + " credential (authorization code) has no valid access token"
                  + " and no refresh token; the host must complete the authorization first");
        }
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refresh);
      }
      default ->
          throw new CredentialException(
              "its "
                  + type
                  + " credential has grantType '"
                  + grant
                  + "'; use clientCredentials or authorizationCode");
    }
    if (cred.get("scope") instanceof String scope && !scope.isBlank()) {
      form.put("scope", scope);
    }
    String tokenUrl = required(type, cred, "tokenUrl");
    String clientId = required(type, cred, "clientId");
    String clientSecret = String.valueOf(cred.getOrDefault("clientSecret", ""));
    java.net.http.HttpRequest.Builder request;
    try {
      request =
          java.net.http.HttpRequest.newBuilder(URI.create(tokenUrl))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "application/json");
    } catch (IllegalArgumentException e) {
      throw new CredentialException("its " + type + " credential has a malformed tokenUrl");
    }
    if ("body".equals(cred.get("clientAuthentication"))) {
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
    } else { // RFC 6749 2.3.1: HTTP Basic with the form-encoded id and secret
      String pair = encode(clientId) + ":" + encode(clientSecret);
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(encode(k) + "=" + encode(v)));
    HttpResponse<String> response;
    try {
      response = sender.send(request.POST(BodyPublishers.ofString(body.toString())).build());
    } catch (IOException e) {
      throw new RetryableNodeException(
          "the OAuth2 token endpoint cannot be reached: " + e, i, null, e);
    }
    Map<?, ?> answer;
    try {
      answer = JSON.readValue(response.body(), Map.class);
    } catch (IOException e) {
      answer = Map.of();
    }
    if (response.statusCode() != 200 || !(answer.get("access_token") instanceof String token)) {
      // RFC 6749 5.2: error and error_description; never echo the request (it holds secrets)
      String reason =
          "the OAuth2 token endpoint answered HTTP "
              + response.statusCode()
              + (answer.get("error") != null ? ", error '" + answer.get("error") + "'" : "")
              + (answer.get("error_description") != null
                  ? ": " + answer.get("error_description")
                  : "");
      if (response.statusCode() == 429 || response.statusCode() >= 500) {
        throw new RetryableNodeException("" + reason, i, null, null);
      }
      throw new NonRetryableNodeException("" + reason, i, null);
    }
    Map<String, Object> updated = new LinkedHashMap<>(stored);
    updated.put("accessToken", token);
    if (answer.get("expires_in") instanceof Number seconds) {
      updated.put("expiresAt", now.plusSeconds(seconds.longValue()).toString());
    } else {
      updated.remove("expiresAt");
    }
    if (answer.get("refresh_token") instanceof String rotated) {
      updated.put("refreshToken", rotated);
    }
    try {
      ctx.updateCredential(type, updated);
    } catch (UnsupportedOperationException readOnly) {
      ctx.log()
          .debug("credential provider is read-only; the new access token serves this call only");
    }
    return token;
  }

  private static String required(String type, Map<String, Object> cred, String field) {
    if (cred.get(field) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new CredentialException("its " + type + " credential has no '" + field + "'");
  }

  /** A token without an expiry is valid until refused; one whose expiry does not parse is not. */
  private static boolean stillValid(Object expiresAt, Instant now) {
    if (expiresAt == null) {
      return true;
    }
    try {
      return now.isBefore(Instant.parse(String.valueOf(expiresAt)).minus(EARLY));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
