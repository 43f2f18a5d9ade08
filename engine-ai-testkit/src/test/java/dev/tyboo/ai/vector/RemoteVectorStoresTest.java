package dev.tyboo.ai.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.VectorStoreException;
import dev.tyboo.ai.spi.VectorStore;
import dev.tyboo.testkit.ai.vector.VectorStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Qdrant, Chroma and Pinecone over their HTTP APIs, each against a fake that checks requests. */
class RemoteVectorStoresTest {

  /** Each nested class runs the contract on one store, with a fresh fake per test. */
  abstract static class OnFake extends VectorStoreContract {
    FakeVectorApis api;

    abstract VectorStore on(FakeVectorApis api);

    @Override
    protected VectorStore createStore() {
      try {
        api = new FakeVectorApis();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      return on(api);
    }

    @AfterEach
    void stop() {
      if (api != null) {
        api.close();
        assertThat(api.violations).as("requests that break the API").isEmpty();
      }
    }
  }

  @Nested
  class Qdrant extends OnFake {
    @Override
    VectorStore on(FakeVectorApis api) {
      return QdrantVectorStore.create(api.url(), FakeVectorApis.KEY);
    }
  }

  @Nested
  class Chroma extends OnFake {
    @Override
    VectorStore on(FakeVectorApis api) {
      return ChromaVectorStore.create(api.url(), FakeVectorApis.KEY);
    }
  }

  @Nested
  class Pinecone extends OnFake {
    @Override
    VectorStore on(FakeVectorApis api) {
      return PineconeVectorStore.create(api.url(), FakeVectorApis.KEY);
    }

    @Test
    void a_failed_batch_reports_the_ids_already_written() {
      VectorStore store = createStore();
      api.failPineconeUpsert.set(3); // the third batch of 100
      List<VectorRecord> many = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        many.add(new VectorRecord("r" + i, new float[] {1, i, 0}, "t", Map.of()));
      }

      assertThatThrownBy(() -> store.upsert("docs", many))
          .isInstanceOf(VectorStoreException.class)
          .hasMessageContaining("200 written")
          .satisfies(
              e -> {
                List<String> written = ((VectorStoreException) e).written();
                assertThat(written).hasSize(200).startsWith("r0").endsWith("r199");
              });
    }
  }
}
