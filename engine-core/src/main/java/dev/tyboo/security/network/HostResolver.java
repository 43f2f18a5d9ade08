package dev.tyboo.security.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses; the system's DNS by default, replaceable for tests. */
@FunctionalInterface
public interface HostResolver {

  /** {@return the system resolver ({@link InetAddress#getAllByName})} */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }

  /**
   * {@return every address of the host}
   *
   * @param host a host name or address literal
   * @throws UnknownHostException when it has none
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
