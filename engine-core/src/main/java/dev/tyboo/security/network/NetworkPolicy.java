package dev.tyboo.security.network;

import dev.tyboo.error.BlockedAddressException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses the engine's nodes may connect to when a workflow names the host (the HTTP
 * Request node's URL, a redirect it follows, a next page). One policy per engine ({@code
 * Engine.builder().networkPolicy(..)}); nodes read it from {@code NodeContext.networkPolicy()}.
 *
 * <p>A blocked address is one of: loopback ({@code 127.0.0.0/8}, {@code ::1}), unspecified ({@code
 * 0.0.0.0}, {@code ::}), private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code
 * fc00::/7}, {@code fec0::/10}), link-local ({@code 169.254/16} with the cloud metadata services,
 * {@code fe80::/10}), shared ({@code 100.64/10}), reserved and benchmarking ranges, broadcast and
 * multicast, and IPv6 addresses that carry one of these IPv4 addresses (IPv4-mapped, -compatible,
 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}). Numeric hosts in any notation but the dotted
 * quad ({@code 127.1}, {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}) are refused
 * outright: clients read them differently.
 *
 * <p><b>The default</b> blocks these addresses for tenants' workflows and allows them for the
 * host's own: a tenant's workflows are written by the host's users, who must not reach the host's
 * network through the engine (server-side request forgery), while the host's own workflows are its
 * developers' code. A host whose users write workflows without tenants should choose {@link
 * #privateNetworksBlocked()}; one that runs only its own workflows may choose {@link
 * #unrestricted()}. {@link #allow(String)} opens single ranges (an internal API) under either.
 *
 * @see #check(String)
 */
public final class NetworkPolicy {

  private static final Pattern NUMBER_LABEL = Pattern.compile("\\d+|0[xX][0-9a-fA-F]*");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  /** Whom the blocked ranges apply to. */
  private enum Scope {
    NOBODY,
    TENANTS,
    EVERYONE
  }

  private final Scope scope;
  private final List<Cidr> allowed;
  private final HostResolver resolver;

  private NetworkPolicy(Scope scope, List<Cidr> allowed, HostResolver resolver) {
    this.scope = scope;
    this.allowed = List.copyOf(allowed);
    this.resolver = resolver;
  }

  /** {@return the default: blocked addresses are blocked for tenants' workflows only} */
  public static NetworkPolicy privateNetworksBlockedForTenants() {
    return new NetworkPolicy(Scope.TENANTS, List.of(), HostResolver.system());
  }

  /** {@return a policy that blocks the blocked addresses for every workflow} */
  public static NetworkPolicy privateNetworksBlocked() {
    return new NetworkPolicy(Scope.EVERYONE, List.of(), HostResolver.system());
  }

  /** {@return a policy that blocks nothing (nodes may still block for themselves)} */
  public static NetworkPolicy unrestricted() {
    return new NetworkPolicy(Scope.NOBODY, List.of(), HostResolver.system());
  }

  /**
   * {@return this policy with one more range always allowed}
   *
   * @param cidr an address or range, such as {@code 10.1.2.3} or {@code 10.1.0.0/16} or {@code
   *     fd00::/8}
   * @throws IllegalArgumentException when it is not an address range
   */
  public NetworkPolicy allow(String cidr) {
    List<Cidr> more = new ArrayList<>(allowed);
    more.add(Cidr.parse(cidr));
    return new NetworkPolicy(scope, more, resolver);
  }

  /**
   * {@return this policy resolving host names with another resolver (tests use one they control)}
   *
   * @param hostResolver the resolver
   */
  public NetworkPolicy resolver(HostResolver hostResolver) {
    return new NetworkPolicy(scope, allowed, Objects.requireNonNull(hostResolver, "hostResolver"));
  }

  /**
   * {@return whether the blocked addresses are blocked for a workflow of this tenant}
   *
   * @param tenant the workflow's tenant; empty for the host's own
   */
  public boolean blocksPrivateNetworks(String tenant) {
    return switch (scope) {
      case NOBODY -> false;
      case TENANTS -> !tenant.isEmpty();
      case EVERYONE -> true;
    };
  }

  /**
   * Resolves a host once and checks every address it has.
   *
   * @param host the host, as written in a URL ({@code [..]} around IPv6 literals allowed)
   * @return its addresses, all allowed; connect to one of these, not to the name again
   * @throws BlockedAddressException when one of its addresses is blocked and not allowed, or the
   *     host is a numeric address in an ambiguous notation
   * @throws UnknownHostException when the name does not resolve
   */
  public List<InetAddress> check(String host) throws UnknownHostException {
    if (host == null || host.isEmpty()) {
      throw new BlockedAddressException("no host to connect to", -1);
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (isAmbiguousNumber(bare)) {
      throw new BlockedAddressException(
          "host '" + host + "' is a numeric address in an ambiguous notation; write a dotted quad",
          -1);
    }
    List<InetAddress> addresses = resolver.resolve(bare);
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host);
    }
    for (InetAddress a : addresses) {
      Optional<String> why = blockedRange(a);
      if (why.isPresent() && allowed.stream().noneMatch(c -> c.contains(a))) {
        throw new BlockedAddressException(
            host
                + " resolves to "
                + a.getHostAddress()
                + ", "
                + why.get()
                + ", which the engine's network policy blocks",
            -1);
      }
    }
    return addresses;
  }

  /** A host whose labels are all numbers (decimal, octal or hex) but not a plain dotted quad. */
  private static boolean isAmbiguousNumber(String host) {
    if (host.contains(":")) {
      return false; // IPv6 literals have one notation that matters here
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String label : h.split("\\.", -1)) {
      if (!NUMBER_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !DOTTED_QUAD.matcher(h).matches() || !h.equals(host);
  }

  /**
   * {@return why an address is in a blocked range ("a loopback address"), or empty when it is a
   * public address}
   *
   * @param address an address
   */
  public static Optional<String> blockedRange(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      Optional<InetAddress> embedded = embeddedV4(b);
      if (embedded.isPresent()) {
        return blockedRange(embedded.get()).map(r -> r + " inside an IPv6 address");
      }
      if (v6.isLoopbackAddress()) {
        return Optional.of("a loopback address");
      }
      if (v6.isAnyLocalAddress()) {
        return Optional.of("the unspecified address");
      }
      if (v6.isLinkLocalAddress()) {
        return Optional.of("a link-local address");
      }
      if (v6.isSiteLocalAddress() || (b[0] & 0xfe) == 0xfc) {
        return Optional.of("a private (unique local) address");
      }
      if (v6.isMulticastAddress()) {
        return Optional.of("a multicast address");
      }
      if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
        return Optional.of("a documentation address");
      }
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 127) {
      return Optional.of("a loopback address");
    }
    if (a0 == 0) {
      return Optional.of("an unspecified (this network) address");
    }
    if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
      return Optional.of("a private address");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("a link-local address (cloud metadata services live there)");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("a shared (carrier-grade NAT) address");
    }
    if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 || a0 == 198 && (a1 & 0xfe) == 18) {
      return Optional.of("a reserved address");
    }
    if (a0 >= 224) {
      return Optional.of("a multicast, reserved or broadcast address");
    }
    return Optional.empty();
  }

  /** The IPv4 address an IPv6 address carries: mapped, compatible, NAT64 or 6to4. */
  private static Optional<InetAddress> embeddedV4(byte[] b) {
    boolean zeros80 = true;
    for (int i = 0; i < 10; i++) {
      zeros80 &= b[i] == 0;
    }
    boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible =
        zeros80 && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16) && !isV6Loopback(b);
    boolean nat64 =
        b[0] == 0
            && b[1] == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && allZero(b, 4, 12);
    try {
      if (mapped || compatible || nat64) {
        return Optional.of(Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
      }
      if (b[0] == 0x20 && b[1] == 0x02) { // 6to4: 2002:AABB:CCDD::/48
        return Optional.of(Inet4Address.getByAddress(new byte[] {b[2], b[3], b[4], b[5]}));
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
    return Optional.empty();
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isV6Loopback(byte[] b) {
    return allZero(b, 0, 15) && b[15] == 1;
  }

  @Override
  public String toString() {
    return "NetworkPolicy[" + scope + ", allowed " + allowed + "]";
  }

  /** An address range. */
  private record Cidr(byte[] network, int bits, String text) {
    static Cidr parse(String cidr) {
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      if (!address.contains(":") && !DOTTED_QUAD.matcher(address).matches()) {
        throw new IllegalArgumentException("not an address range: " + cidr);
      }
      try {
        byte[] network = InetAddress.getByName(address).getAddress();
        int bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("not an address range: " + cidr);
        }
        return new Cidr(network, bits, cidr);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not an address range: " + cidr, e);
      }
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
