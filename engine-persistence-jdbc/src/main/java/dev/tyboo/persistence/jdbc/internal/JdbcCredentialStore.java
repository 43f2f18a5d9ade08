package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.credential.StoredCredential;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Encrypted credentials in {@code tyboo_credential} (schema version 3): ciphertext only. */
public final class JdbcCredentialStore implements CredentialStore {

  private static final String COLUMNS =
      "tenant, id, type, name, key_id, wrapped_key, ciphertext, created_at, updated_at, version";

  private final Jdbc jdbc;

  /**
   * Creates the store.
   *
   * @param jdbc the connection helper
   */
  public JdbcCredentialStore(Jdbc jdbc) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
  }

  @Override
  public void insert(StoredCredential c) {
    jdbc.inTransaction(
        "saving credential '" + c.id() + "' of tenant '" + c.tenant() + "'",
        (conn, attempt) -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "INSERT INTO tyboo_credential ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, c);
            ps.executeUpdate();
          } catch (SQLException e) {
            if (SqlErrors.isDuplicateKey(e)) {
              throw new ConcurrentUpdateException(
                  "tenant '"
                      + c.tenant()
                      + "' already has a credential with id '"
                      + c.id()
                      + "' or a "
                      + c.type()
                      + " named '"
                      + c.name()
                      + "'");
            }
            throw e;
          }
          return null;
        });
  }

  private static void bind(PreparedStatement ps, StoredCredential c) throws SQLException {
    ps.setString(1, c.tenant());
    ps.setString(2, c.id());
    ps.setString(3, c.type());
    ps.setString(4, c.name());
    ps.setString(5, c.keyId());
    ps.setBytes(6, c.wrappedKey());
    ps.setBytes(7, c.ciphertext());
    Micros.set(ps, 8, c.createdAt());
    Micros.set(ps, 9, c.updatedAt());
    ps.setLong(10, c.version());
  }

  @Override
  public void update(StoredCredential c, long expectedVersion) {
    int changed =
        jdbc.inTransaction(
            "updating credential '" + c.id() + "' of tenant '" + c.tenant() + "'",
            (conn, attempt) -> {
              try (PreparedStatement ps =
                  conn.prepareStatement(
                      "UPDATE tyboo_credential SET type = ?, name = ?, key_id = ?, wrapped_key = ?,"
                          + " ciphertext = ?, updated_at = ?, version = ?"
                          + " WHERE tenant = ? AND id = ? AND version = ?")) {
                ps.setString(1, c.type());
                ps.setString(2, c.name());
                ps.setString(3, c.keyId());
                ps.setBytes(4, c.wrappedKey());
                ps.setBytes(5, c.ciphertext());
                Micros.set(ps, 6, c.updatedAt());
                ps.setLong(7, c.version());
                ps.setString(8, c.tenant());
                ps.setString(9, c.id());
                ps.setLong(10, expectedVersion);
                return ps.executeUpdate();
              }
            });
    if (changed != 1) {
      throw new ConcurrentUpdateException(
          "credential '"
              + c.id()
              + "' of tenant '"
              + c.tenant()
              + "' changed or was deleted since it was read (expected version "
              + expectedVersion
              + ")");
    }
  }

  @Override
  public Optional<StoredCredential> find(String tenant, String id) {
    return one(
        "reading credential '" + id + "' of tenant '" + tenant + "'",
        "WHERE tenant = ? AND id = ?",
        tenant,
        id);
  }

  @Override
  public Optional<StoredCredential> findByName(String tenant, String type, String name) {
    return one(
        "reading the " + type + " credential '" + name + "' of tenant '" + tenant + "'",
        "WHERE tenant = ? AND type = ? AND name = ?",
        tenant,
        type,
        name);
  }

  private Optional<StoredCredential> one(String what, String where, String... args) {
    List<StoredCredential> found = query(what, where, Integer.MAX_VALUE, (Object[]) args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<StoredCredential> list(String tenant) {
    return query(
        "listing the credentials of tenant '" + tenant + "'",
        "WHERE tenant = ? ORDER BY type, name",
        Integer.MAX_VALUE,
        tenant);
  }

  @Override
  public List<StoredCredential> wrappedByOtherKeys(String keyId, int limit) {
    return query(
        "finding credentials wrapped by keys other than '" + keyId + "'",
        "WHERE key_id <> ? ORDER BY tenant, id",
        limit,
        keyId);
  }

  private List<StoredCredential> query(String what, String where, int limit, Object... args) {
    return jdbc.autoCommit(
        what,
        (Connection conn, int attempt) -> {
          try (PreparedStatement ps =
              conn.prepareStatement("SELECT " + COLUMNS + " FROM tyboo_credential " + where)) {
            for (int i = 0; i < args.length; i++) {
              ps.setString(i + 1, (String) args[i]);
            }
            ps.setMaxRows(limit == Integer.MAX_VALUE ? 0 : limit);
            List<StoredCredential> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next() && out.size() < limit) {
                out.add(
                    new StoredCredential(
                        rs.getString("tenant"),
                        rs.getString("id"),
                        rs.getString("type"),
                        rs.getString("name"),
                        rs.getString("key_id"),
                        rs.getBytes("wrapped_key"),
                        rs.getBytes("ciphertext"),
                        Micros.get(rs, "created_at"),
                        Micros.get(rs, "updated_at"),
                        rs.getLong("version")));
              }
            }
            return out;
          }
        });
  }

  @Override
  public boolean delete(String tenant, String id) {
    return jdbc.inTransaction(
        "deleting credential '" + id + "' of tenant '" + tenant + "'",
        (conn, attempt) -> {
          try (PreparedStatement ps =
              conn.prepareStatement("DELETE FROM tyboo_credential WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
          }
        });
  }
}
