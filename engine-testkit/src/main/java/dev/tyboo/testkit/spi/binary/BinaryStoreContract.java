package dev.tyboo.testkit.spi.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.StorageException;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BinaryStore} must do. Implementations' tests extend this class. */
public abstract class BinaryStoreContract {

  /** For subclasses, which supply the implementation under test. */
  protected BinaryStoreContract() {}

  /** {@return a fresh, empty store} */
  protected abstract BinaryStore createStore();

  /** The store under test, fresh for each test. */
  protected BinaryStore store;

  @BeforeEach
  void open() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  @Test
  void should_return_what_was_written_with_its_size_and_metadata() throws IOException {
    byte[] data = bytes(100_000, 1);
    BinaryRef ref = store.write(new ByteArrayInputStream(data), "report.pdf", "application/pdf");

    assertThat(ref.size()).isEqualTo(data.length);
    assertThat(ref.fileName()).isEqualTo("report.pdf");
    assertThat(ref.mimeType()).isEqualTo("application/pdf");
    try (InputStream in = store.open(ref)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    try (InputStream again = store.open(ref)) {
      assertThat(again.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void should_store_empty_data_and_keep_writes_apart() throws IOException {
    BinaryRef empty = store.write(InputStream.nullInputStream(), null, null);
    BinaryRef other = store.write(new ByteArrayInputStream(new byte[] {1, 2, 3}), "x", null);
    assertThat(empty.size()).isZero();
    assertThat(empty.id()).isNotEqualTo(other.id());
    try (InputStream in = store.open(other)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void should_delete_and_then_refuse_to_open() {
    BinaryRef ref = store.write(new ByteArrayInputStream(new byte[] {9}), "a", null);
    assertThat(store.exists(ref)).isTrue();
    assertThat(store.delete(ref)).isTrue();
    assertThat(store.exists(ref)).isFalse();
    assertThat(store.delete(ref)).isFalse();
    assertThatThrownBy(() -> store.open(ref))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(ref.id());
  }

  @Test
  void should_refuse_unknown_ids() {
    BinaryRef unknown = new BinaryRef("00000000-0000-0000-0000-000000000000", null, null, 0);
    assertThat(store.exists(unknown)).isFalse();
    assertThatThrownBy(() -> store.open(unknown)).isInstanceOf(StorageException.class);
  }

  @Test
  void should_keep_nothing_when_the_input_fails() {
    InputStream failing =
        new InputStream() {
          private int left = 10_000;

          @Override
          public int read() throws IOException {
            if (left <= 0) {
              throw new IOException("connection reset");
            }
            left--;
            return 7;
          }
        };
    assertThatThrownBy(() -> store.write(failing, "broken", null))
        .isInstanceOf(StorageException.class)
        .hasRootCauseMessage("connection reset");
  }

  @Test
  void should_accept_concurrent_writers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BinaryRef>> refs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int seed = i;
        refs.add(
            pool.submit(
                () -> store.write(new ByteArrayInputStream(bytes(5_000, seed)), "f" + seed, null)));
      }
      for (int i = 0; i < refs.size(); i++) {
        try (InputStream in = store.open(refs.get(i).get())) {
          assertThat(in.readAllBytes()).isEqualTo(bytes(5_000, i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
