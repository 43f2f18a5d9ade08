package dev.tyboo.testkit.spi.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.StorageException;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFileBinaryStoreTest extends BinaryStoreContract {

  @TempDir Path dir;

  @Override
  protected BinaryStore createStore() {
    return BinaryStore.files(dir.resolve("store"));
  }

  @Test
  void should_refuse_ids_that_would_leave_the_directory() {
    BinaryRef escape = new BinaryRef("../../etc/passwd", null, null, 0);
    assertThatThrownBy(() -> store.open(escape))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("not a binary id");
    assertThat(store.exists(escape)).isFalse();
  }

  @Test
  void should_leave_no_partial_file_when_a_write_fails() throws Exception {
    try {
      store.write(
          new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
              throw new java.io.IOException("boom");
            }
          },
          "x",
          null);
    } catch (StorageException expected) {
      // expected
    }
    try (var files = Files.list(dir.resolve("store"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void should_delete_its_directory_when_temporary() throws Exception {
    BinaryStore temp = BinaryStore.tempFiles();
    BinaryRef ref = temp.write(new ByteArrayInputStream(new byte[] {1}), "a", null);
    assertThat(temp.exists(ref)).isTrue();
    temp.close();
    assertThat(temp.exists(ref)).isFalse();
  }
}
