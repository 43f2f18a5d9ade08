package dev.tyboo.ai.vector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.VectorStoreException;
import dev.tyboo.ai.spi.VectorStore;
import dev.tyboo.json.JsonMappers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A vector store on plain PostgreSQL (no pgvector): vectors are {@code float8[]} columns of one
 * table, {@code tyboo_vector}, and a query reads every row of the collection that passes the
 * metadata filter ({@code jsonb @>}, indexed with GIN) and ranks them by exact cosine in this
 * process.
 *
 * <p>Size limits: a query costs one sequential read of the collection (after the filter), about 3
 * KB per 384-dimension vector; expect tens of milliseconds per 10,000 vectors. Up to about 100,000
 * vectors per collection it stays interactive; beyond that use a store with an index (pgvector,
 * Qdrant). An upsert is one transaction: all records or none.
 */
public final class PostgresVectorStore implements VectorStore {

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final int FETCH = 500;

  private final DataSource dataSource;

  private PostgresVectorStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * {@return a store on a PostgreSQL database, creating its table if missing}
   *
   * @param dataSource connections to the database
   * @throws VectorStoreException when the table cannot be made
   */
  public static PostgresVectorStore create(DataSource dataSource) {
    PostgresVectorStore store = new PostgresVectorStore(Objects.requireNonNull(dataSource));
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS tyboo_vector (collection VARCHAR(255) NOT NULL,"
              + " id VARCHAR(255) NOT NULL, dim INTEGER NOT NULL, vector FLOAT8[] NOT NULL,"
              + " text TEXT NOT NULL, metadata JSONB NOT NULL, PRIMARY KEY (collection, id))");
      s.execute(
          "CREATE INDEX IF NOT EXISTS tyboo_vector_metadata ON tyboo_vector USING GIN (metadata)");
    } catch (SQLException e) {
      throw new VectorStoreException(
          "creating table tyboo_vector failed: " + e.getMessage(), List.of(), e);
    }
    return store;
  }

  private static int dimension(Connection c, String collection) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT dim FROM tyboo_vector WHERE collection = ? LIMIT 1")) {
      ps.setString(1, collection);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  @Override
  public void upsert(String collection, List<VectorRecord> records) {
    Objects.requireNonNull(collection, "collection");
    if (records.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int dim = Similarity.dimension(records, dimension(c, collection), collection);
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO tyboo_vector (collection, id, dim, vector, text, metadata)"
                    + " VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (collection, id) DO UPDATE SET"
                    + " dim = EXCLUDED.dim, vector = EXCLUDED.vector, text = EXCLUDED.text,"
                    + " metadata = EXCLUDED.metadata")) {
          for (VectorRecord r : records) {
            Double[] v = new Double[r.vector().length];
            for (int i = 0; i < v.length; i++) {
              v[i] = (double) r.vector()[i];
            }
            ps.setString(1, collection);
            ps.setString(2, r.id());
            ps.setInt(3, dim);
            ps.setArray(4, c.createArrayOf("float8", v));
            ps.setString(5, r.text());
            ps.setString(6, JSON.writeValueAsString(r.metadata()));
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
      } catch (SQLException | JsonProcessingException | RuntimeException e) {
        c.rollback();
        if (e instanceof IllegalArgumentException iae) {
          throw iae;
        }
        throw new VectorStoreException(
            "upserting "
                + records.size()
                + " records into '"
                + collection
                + "' failed (nothing"
                + " written): "
                + e.getMessage(),
            List.of(),
            e);
      }
    } catch (SQLException e) {
      throw new VectorStoreException(
          "upserting into '" + collection + "' failed (nothing written): " + e.getMessage(),
          List.of(),
          e);
    }
  }

  @Override
  public List<VectorMatch> query(
      String collection, float[] vector, int topK, Map<String, Object> filter) {
    Similarity.checkQuery(vector, topK);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false); // lets the driver stream rows with a cursor
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, vector, text, metadata::text FROM tyboo_vector"
                  + " WHERE collection = ? AND metadata @> ?::jsonb")) {
        ps.setFetchSize(FETCH);
        ps.setString(1, collection);
        ps.setString(2, JSON.writeValueAsString(filter));
        Similarity.TopK best = new Similarity.TopK(topK);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Array array = rs.getArray(2);
            Object[] values = (Object[]) array.getArray();
            Similarity.checkQueryDimension(vector, values.length, collection);
            float[] v = new float[values.length];
            for (int i = 0; i < v.length; i++) {
              v[i] = ((Number) values[i]).floatValue();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = JSON.readValue(rs.getString(4), Map.class);
            VectorRecord r = new VectorRecord(rs.getString(1), v, rs.getString(3), metadata);
            best.offer(r, Similarity.cosine(vector, v));
          }
        }
        c.commit();
        return best.best();
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new VectorStoreException(
          "querying '" + collection + "' failed: " + e.getMessage(), List.of(), e);
    }
  }

  @Override
  public int delete(String collection, List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM tyboo_vector WHERE collection = ? AND id = ANY (?)")) {
      ps.setString(1, collection);
      ps.setArray(2, c.createArrayOf("varchar", ids.toArray()));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new VectorStoreException(
          "deleting from '" + collection + "' failed: " + e.getMessage(), List.of(), e);
    }
  }
}
