package dev.tyboo.nodes.storage.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Files on an SFTP server (JSON type {@code sftp}) with an {@code sftp} credential: {@code host},
 * {@code port} (22), {@code username}, {@code password} or {@code privateKey} (OpenSSH or PEM text)
 * with {@code passphrase}, and {@code hostKey}, the server's public key as {@code known_hosts}
 * writes it ({@code ssh-ed25519 AAAA...}): the server is checked against it, and a server that
 * shows another key is refused. Only {@code acceptAnyHostKey: true} skips the check, for tests.
 *
 * <ul>
 *   <li>{@code upload}: each item's attachment {@code binaryProperty} streamed to {@code path}
 *       (replaced); emits {@code {path, size}};
 *   <li>{@code download}: the file at {@code path} streamed into the binary store;
 *   <li>{@code list}: the entries of the directory {@code path} ({@code name}, {@code path}, {@code
 *       size}, {@code modified}, {@code directory}), {@code .} and {@code ..} left out, at most
 *       {@code maxFiles};
 *   <li>{@code delete}: the file at {@code path}.
 * </ul>
 *
 * <p>One SSH session serves all items of a node call. A refused login or host key fails without
 * retry; a server that cannot be reached retryably; a missing file or a refused permission is a
 * typed error naming the path.
 */
public final class Sftp {

  /** The JSON type name. */
  public static final String TYPE = "sftp";

  /** What the node does. */
  enum Operation {
    upload,
    download,
    list,
    delete
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param path the remote file or directory
   * @param binaryProperty the attachment uploaded or downloaded into
   * @param maxFiles the most entries a listing emits
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String path,
      @Param(defaultValue = "data") String binaryProperty,
      @Param(defaultValue = "1000") int maxFiles) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("SFTP")
              .description(
                  "Uploads, downloads, lists and deletes files on an SFTP server, streaming")
              .credentialType("sftp")
              .parameters(Parameters.class)
              .build(),
          Sftp::execute);

  private Sftp() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that uploads each item's attachment {@code data}}
   *
   * @param path the remote path; may be an expression
   */
  public static NodeDefinition upload(String path) {
    return NodeDefinition.of(
        INSTANCE, Map.of("operation", "upload", "path", Objects.requireNonNull(path, "path")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    if (ctx.input().isEmpty()) {
      return NodeResult.of(List.of());
    }
    Session session = connect(ctx.credential("sftp"));
    try {
      ChannelSftp sftp;
      try {
        sftp = (ChannelSftp) session.openChannel("sftp");
        sftp.connect(10_000);
      } catch (JSchException e) {
        throw new RetryableNodeException(
            "the SFTP channel did not open: " + e.getMessage(), 0, null, e);
      }
      List<Item> out = new ArrayList<>();
      for (int i = 0; i < ctx.input().size(); i++) {
        Parameters p = ctx.parameters(i, Parameters.class);
        try {
          switch (p.operation()) {
            case upload -> out.add(upload(ctx, sftp, p, i));
            case download -> out.add(download(ctx, sftp, p, i));
            case list -> list(sftp, p, out);
            case delete -> {
              sftp.rm(p.path());
              out.add(Item.of(Map.of("path", p.path(), "deleted", true)));
            }
          }
        } catch (SftpException e) {
          throw failure(e, p.path(), i);
        }
      }
      sftp.disconnect();
      return NodeResult.of(out);
    } finally {
      session.disconnect();
    }
  }

  private static Session connect(Map<String, Object> credential) {
    if (!(credential.get("host") instanceof String host) || host.isBlank()) {
      throw NodeFailure.of("sftp credential needs a 'host'");
    }
    if (!(credential.get("username") instanceof String user) || user.isBlank()) {
      throw NodeFailure.of("sftp credential needs a 'username'");
    }
    int port = credential.get("port") instanceof Number n ? n.intValue() : 22;
    boolean anyKey = Boolean.TRUE.equals(credential.get("acceptAnyHostKey"));
    JSch jsch = new JSch();
    try {
      if (credential.get("hostKey") instanceof String hostKey && !hostKey.isBlank()) {
        String entry =
            (port == 22 ? host : "[" + host + "]:" + port) + " " + hostKey.strip() + "\n";
        jsch.setKnownHosts(new ByteArrayInputStream(entry.getBytes(StandardCharsets.UTF_8)));
      } else if (!anyKey) {
        throw NodeFailure.of(
            "sftp credential needs the server's 'hostKey' (as known_hosts writes it), or"
                + " acceptAnyHostKey: true");
      }
      if (credential.get("privateKey") instanceof String key && !key.isBlank()) {
        byte[] passphrase =
            credential.get("passphrase") instanceof String pass
                ? pass.getBytes(StandardCharsets.UTF_8)
                : null;
        jsch.addIdentity("tyboo", key.getBytes(StandardCharsets.UTF_8), null, passphrase);
      }
      Session session = jsch.getSession(user, host, port);
      if (credential.get("password") instanceof String password) {
        session.setPassword(password.getBytes(StandardCharsets.UTF_8));
      }
      session.setConfig("StrictHostKeyChecking", anyKey ? "no" : "yes");
      session.setConfig("PreferredAuthentications", "publickey,password,keyboard-interactive");
      session.connect(10_000);
      return session;
    } catch (JSchException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("Auth fail") || message.contains("Auth cancel")) {
        throw NodeFailure.of("the SFTP server refused the credential's login");
      }
      if (message.contains("HostKey") || message.contains("reject HostKey")) {
        throw NodeFailure.of(
            "the SFTP server's host key is not the credential's hostKey: " + message);
      }
      if (message.contains("invalid privatekey")) {
        throw NodeFailure.of("the sftp credential's privateKey cannot be read");
      }
      throw new RetryableNodeException(
          "the SFTP server " + host + ":" + port + " cannot be reached: " + message, 0, null, e);
    }
  }

  private static Item upload(NodeContext ctx, ChannelSftp sftp, Parameters p, int i)
      throws SftpException {
    BinaryRef ref = ctx.input().get(i).binary().get(p.binaryProperty());
    if (ref == null) {
      throw dev.tyboo.node.NodeFailure.badParameter(
          "binaryProperty",
          i,
          "names no attachment of the item (it has " + ctx.input().get(i).binary().keySet() + ")",
          p.binaryProperty());
    }
    try (InputStream in = ctx.binaries().open(ref)) {
      sftp.put(in, p.path(), ChannelSftp.OVERWRITE);
    } catch (IOException e) {
      throw new RetryableNodeException("reading the attachment failed: " + e, i, null, e);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("path", p.path());
    json.put("size", ref.size());
    return Item.of(json);
  }

  private static Item download(NodeContext ctx, ChannelSftp sftp, Parameters p, int i)
      throws SftpException {
    SftpATTRS attributes = sftp.stat(p.path());
    if (attributes.isDir()) {
      throw NodeFailure.badParameter("path", i, "is a directory", p.path());
    }
    String name = p.path().substring(p.path().lastIndexOf('/') + 1);
    BinaryRef ref;
    try (InputStream in = sftp.get(p.path())) {
      ref = ctx.binaries().write(in, name, null);
    } catch (IOException e) {
      throw new RetryableNodeException("downloading over SFTP failed: " + e, i, null, e);
    }
    Map<String, Object> json = describe(name, p.path(), attributes);
    return Item.of(json).withBinary(p.binaryProperty(), ref);
  }

  private static void list(ChannelSftp sftp, Parameters p, List<Item> out) throws SftpException {
    List<ChannelSftp.LsEntry> entries = new ArrayList<>();
    sftp.ls(
        p.path(),
        entry -> {
          if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
            entries.add(entry);
          }
          return entries.size() < p.maxFiles()
              ? ChannelSftp.LsEntrySelector.CONTINUE
              : ChannelSftp.LsEntrySelector.BREAK;
        });
    entries.sort(java.util.Comparator.comparing(ChannelSftp.LsEntry::getFilename));
    String dir = p.path().endsWith("/") ? p.path() : p.path() + "/";
    for (ChannelSftp.LsEntry e : entries) {
      out.add(Item.of(describe(e.getFilename(), dir + e.getFilename(), e.getAttrs())));
    }
  }

  private static Map<String, Object> describe(String name, String path, SftpATTRS a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("path", path);
    json.put("size", a.getSize());
    json.put("modified", Instant.ofEpochSecond(a.getMTime()).toString());
    json.put("directory", a.isDir());
    return json;
  }

  private static RuntimeException failure(SftpException e, String path, int i) {
    return switch (e.id) {
      case ChannelSftp.SSH_FX_NO_SUCH_FILE ->
          NodeFailure.badParameter("path", i, "no such file or directory on the server", path);
      case ChannelSftp.SSH_FX_PERMISSION_DENIED ->
          new NonRetryableNodeException("the SFTP server denied access to '" + path + "'", i, null);
      case ChannelSftp.SSH_FX_CONNECTION_LOST, ChannelSftp.SSH_FX_NO_CONNECTION ->
          new RetryableNodeException("the SFTP connection was lost: " + e.getMessage(), i, null, e);
      default ->
          new NonRetryableNodeException(
              "the SFTP server refused '" + path + "': " + e.getMessage(), i, null);
    };
  }
}
