package dev.tyboo.nodes.http;

import dev.tyboo.error.BlockedAddressException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends requests whose hosts the engine's {@link dev.tyboo.security.network.NetworkPolicy} must
 * check, so that no URL, redirect or re-resolution reaches a blocked address:
 *
 * <ul>
 *   <li>redirects are followed here, at most {@value #MAX_REDIRECTS}, and every hop is checked like
 *       the first (an allowed URL that redirects to {@code 169.254.169.254} is refused);
 *   <li>a host is resolved once, by the policy; a plain {@code http} request then connects to the
 *       address the policy checked (the request goes to that address in absolute form, as to a
 *       proxy, which RFC 9112 section 3.2.2 requires servers to accept), so a DNS answer that
 *       changes between the check and the connection (rebinding) is never used;
 *   <li>an {@code https} request connects by name, as TLS needs: a second DNS answer that pointed
 *       elsewhere would meet a server without a certificate for the name, and the handshake fails
 *       before any request is sent;
 *   <li>credentials are sent to the first URL's origin only: a redirect to another origin goes
 *       without them.
 * </ul>
 */
final class GuardedEgress {

  /** Most redirects followed for one request. */
  static final int MAX_REDIRECTS = 10;

  /** Checked addresses of {@code host:port}, most recent first; read by the proxy selector. */
  private final Map<String, InetSocketAddress> pins =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, InetSocketAddress> eldest) {
              return size() > 4_096;
            }
          });

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .proxy(new PinningSelector())
          .build();

  /** Builds the request for one hop. */
  @FunctionalInterface
  interface Hop {
    /**
     * {@return the request to send}
     *
     * @param uri where
     * @param method the method (a 303 turns it into GET)
     * @param sameOrigin whether this hop is on the first URL's origin (send credentials only then)
     * @param withBody whether to send the body (not after a method change to GET)
     */
    java.net.http.HttpRequest build(URI uri, String method, boolean sameOrigin, boolean withBody)
        throws InterruptedException;
  }

  /**
   * Sends a request and follows its redirects, checking every host.
   *
   * @param ctx the node's context, for its policy and messages
   * @param i the item
   * @param uri the first URL
   * @param method the method
   * @param hop builds each hop's request
   * @param handler the body handler
   * @return the final response (not a redirect)
   */
  <T> HttpResponse<T> send(
      NodeContext ctx, int i, URI uri, String method, Hop hop, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    URI current = uri;
    String currentMethod = method;
    boolean withBody = true;
    for (int redirects = 0; ; redirects++) {
      pin(ctx, i, current);
      boolean sameOrigin = origin(current).equals(origin(uri));
      HttpResponse<T> response =
          client.send(hop.build(current, currentMethod, sameOrigin, withBody), handler);
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (!isRedirect(status) || location == null) {
        return response;
      }
      if (response.body() instanceof InputStream in) {
        in.close();
      }
      if (redirects >= MAX_REDIRECTS) {
        throw new NonRetryableNodeException(
            "" + uri + " redirects more than " + MAX_REDIRECTS + " times", i, null);
      }
      URI next;
      try {
        next = current.resolve(location);
      } catch (IllegalArgumentException e) {
        throw new NonRetryableNodeException(
            "" + current + " redirects to a bad URL: " + location, i, e);
      }
      if (status == 303 || (status == 301 || status == 302) && "POST".equals(currentMethod)) {
        currentMethod = "GET";
        withBody = false;
      }
      current = next;
    }
  }

  /**
   * Sends one request without following redirects, after checking its host (OAuth2 token endpoints:
   * a redirect is an error there).
   *
   * @param ctx the node's context
   * @param i the item
   * @param request the request
   * @param handler the body handler
   * @return the response
   */
  <T> HttpResponse<T> sendOnce(
      NodeContext ctx,
      int i,
      java.net.http.HttpRequest request,
      HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    pin(ctx, i, request.uri());
    return client.send(request, handler);
  }

  private void pin(NodeContext ctx, int i, URI uri) throws UnknownHostException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new NonRetryableNodeException(
          "only http and https URLs can be followed, not " + uri, i, null);
    }
    String host = uri.getHost() != null ? uri.getHost() : authorityHost(uri.getRawAuthority());
    List<InetAddress> checked;
    try {
      checked = ctx.networkPolicy().check(host);
    } catch (BlockedAddressException e) {
      throw new BlockedAddressException("" + uri + ": " + e.detail(), i);
    }
    if (uri.getHost() == null) {
      throw new NonRetryableNodeException("URL without a host: " + uri, i, null);
    }
    pins.put(key(uri), new InetSocketAddress(checked.getFirst(), port(uri)));
  }

  /** The host of an authority that {@link URI} could not read as server-based ({@code 127.1}). */
  private static String authorityHost(String authority) {
    if (authority == null) {
      return null;
    }
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = hostPort.lastIndexOf(':');
    return colon > hostPort.lastIndexOf(']') ? hostPort.substring(0, colon) : hostPort;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String origin(URI uri) {
    return Objects.toString(uri.getScheme(), "").toLowerCase()
        + "://"
        + Objects.toString(uri.getHost(), "").toLowerCase()
        + ":"
        + port(uri);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String key(URI uri) {
    return Objects.toString(uri.getHost(), "").toLowerCase() + ":" + port(uri);
  }

  /** Sends plain-http requests to the address the policy checked; https goes direct. */
  private final class PinningSelector extends ProxySelector {
    @Override
    public List<Proxy> select(URI uri) {
      if (!"http".equalsIgnoreCase(uri.getScheme())) {
        return List.of(Proxy.NO_PROXY);
      }
      InetSocketAddress pinned = pins.get(key(uri));
      // never fall back to resolving the name again: an unknown pin fails the request
      return List.of(
          new Proxy(
              Proxy.Type.HTTP,
              pinned != null
                  ? pinned
                  : InetSocketAddress.createUnresolved("unchecked.invalid", 1)));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
  }
}
