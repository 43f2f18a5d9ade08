package dev.tyboo.testkit.spi.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyProvider} must do: hand out the current key, find every key it holds by id
 * (the current one too) and no other, give the same key material on every call, and do so from many
 * threads at once. An implementation's test extends this class.
 */
public abstract class KeyProviderContract {

  /** For subclasses, which supply the implementation under test. */
  protected KeyProviderContract() {}

  /**
   * {@return a provider holding these keys}
   *
   * @param current the key new data is wrapped with
   * @param older keys that may still have wrapped data
   * @throws Exception when the provider cannot be made (a key store file, ...)
   */
  protected abstract KeyProvider provider(MasterKey current, List<MasterKey> older)
      throws Exception;

  private static MasterKey key(String id, int fill) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) fill);
    return MasterKey.of(id, bytes);
  }

  private static final MasterKey CURRENT = key("k2", 2);
  private static final MasterKey OLDER = key("k1", 1);

  @Test
  void should_hand_out_the_current_key() throws Exception {
    MasterKey current = provider(CURRENT, List.of(OLDER)).current();

    assertThat(current.id()).isEqualTo("k2");
    assertThat(current.key().getEncoded()).isEqualTo(CURRENT.key().getEncoded());
  }

  @Test
  void should_find_every_key_it_holds_by_id_and_no_other() throws Exception {
    KeyProvider keys = provider(CURRENT, List.of(OLDER));

    assertThat(keys.find("k1").orElseThrow().key().getEncoded())
        .isEqualTo(OLDER.key().getEncoded());
    assertThat(keys.find("k2").orElseThrow().key().getEncoded())
        .isEqualTo(CURRENT.key().getEncoded());
    assertThat(keys.find("k3")).isEmpty();
  }

  @Test
  void should_work_with_a_current_key_alone() throws Exception {
    KeyProvider keys = provider(CURRENT, List.of());

    assertThat(keys.current().id()).isEqualTo("k2");
    assertThat(keys.find("k1")).isEmpty();
  }

  @Test
  void should_give_the_same_keys_to_many_threads() throws Exception {
    KeyProvider keys = provider(CURRENT, List.of(OLDER));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String id = i % 2 == 0 ? "k1" : "k2";
        checks.add(
            pool.submit(
                () ->
                    keys.current().id().equals("k2")
                        && keys.find(id).orElseThrow().id().equals(id)));
      }
      for (Future<Boolean> check : checks) {
        assertThat(check.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_not_print_key_material() throws Exception {
    MasterKey current = provider(CURRENT, List.of(OLDER)).current();

    assertThat(current.toString())
        .doesNotContain(java.util.HexFormat.of().formatHex(CURRENT.key().getEncoded()));
    assertThat(current.toString())
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(CURRENT.key().getEncoded()));
  }
}
