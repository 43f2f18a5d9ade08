package dev.tyboo.security.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.BlockedAddressException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address table of the network policy, with literal hosts (no DNS needed). */
class NetworkPolicyTest {

  private final NetworkPolicy blocked = NetworkPolicy.privateNetworksBlocked();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.255.254",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.0.10",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "[::1]",
        "[::]",
        "[fe80::1]",
        "[fc00::1]",
        "[fd12:3456::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[0:0:0:0:0:ffff:a9fe:a9fe]",
        "[::127.0.0.1]",
        "[64:ff9b::a9fe:a9fe]",
        "[2002:7f00:1::1]",
        "[ff02::1]",
        "localhost"
      })
  void should_block_this_machine_and_internal_networks(String host) {
    assertThatThrownBy(() -> blocked.check(host))
        .isInstanceOf(BlockedAddressException.class)
        .hasMessageContaining("network policy blocks");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.1",
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "0x7f000001",
        "127.0.0.1.",
        "017700000001"
      })
  void should_refuse_numeric_hosts_in_ambiguous_notations(String host) {
    assertThatThrownBy(() -> blocked.check(host))
        .isInstanceOf(BlockedAddressException.class)
        .hasMessageContaining("ambiguous notation");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "[2606:4700:4700::1111]"})
  void should_allow_public_addresses(String host) throws Exception {
    assertThat(blocked.check(host)).hasSize(1);
  }

  @Test
  void should_allow_ranges_it_was_told_to_allow() throws Exception {
    NetworkPolicy policy = blocked.allow("10.1.0.0/16").allow("fd00::/8");
    assertThat(policy.check("10.1.200.3")).hasSize(1);
    assertThat(policy.check("[fd00::5]")).hasSize(1);
    assertThatThrownBy(() -> policy.check("10.2.0.1")).isInstanceOf(BlockedAddressException.class);
    assertThatThrownBy(() -> blocked.allow("10.1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_block_a_name_when_any_of_its_addresses_is_blocked() {
    NetworkPolicy policy =
        blocked.resolver(
            host ->
                List.of(
                    InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1")));
    assertThatThrownBy(() -> policy.check("mixed.example"))
        .hasMessageContaining("mixed.example resolves to 127.0.0.1");
  }

  @Test
  void should_say_whom_it_applies_to() {
    NetworkPolicy byDefault = NetworkPolicy.privateNetworksBlockedForTenants();
    assertThat(byDefault.blocksPrivateNetworks("")).isFalse();
    assertThat(byDefault.blocksPrivateNetworks("acme")).isTrue();
    assertThat(blocked.blocksPrivateNetworks("")).isTrue();
    assertThat(NetworkPolicy.unrestricted().blocksPrivateNetworks("acme")).isFalse();
  }
}
