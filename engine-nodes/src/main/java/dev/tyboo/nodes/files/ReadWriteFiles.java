package dev.tyboo.nodes.files;

import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads, writes and lists files on the host's disk (JSON type {@code readWriteFiles}), inside the
 * base directory of a {@code localFiles} credential ({@code baseDirectory}, an existing directory):
 * the host decides which directory workflows may touch, a workflow only names paths below it.
 *
 * <ul>
 *   <li>{@code read}: the files matching {@code path} (a relative path, or a glob such as {@code
 *       invoices/*.pdf} or {@code **}{@code /*.csv}), at most {@code maxFiles}, each streamed into
 *       the binary store as the attachment {@code binaryProperty} of one item {@code {path,
 *       fileName, size, modified}};
 *   <li>{@code write}: each item's attachment {@code binaryProperty} streamed to {@code path}
 *       (parent directories made); {@code writeMode} {@code overwrite} (through a temporary file
 *       moved into place, so a reader never sees half a file), {@code append} or {@code createNew}
 *       (fails when the file exists); emits {@code {path, size}};
 *   <li>{@code list}: one item per entry of the directory {@code path} ({@code path}, {@code
 *       fileName}, {@code size}, {@code modified}, {@code directory}), at most {@code maxFiles}.
 * </ul>
 *
 * <p>Nothing outside the base directory is reached: absolute paths and {@code ..} segments are
 * refused, and every file or directory is checked again by its real path, so a symbolic link that
 * points out of the base is refused too. Errors name the relative path, never the base.
 */
public final class ReadWriteFiles {

  /** The JSON type name. */
  public static final String TYPE = "readWriteFiles";

  /** The credential type. */
  public static final String CREDENTIAL = "localFiles";

  /** The most directory entries a glob looks at before it gives up (a bound on time and memory). */
  static final int MAX_WALKED = 100_000;

  /** What the node does. */
  enum Operation {
    read,
    write,
    list
  }

  /** What a write does with an existing file. */
  enum WriteMode {
    overwrite,
    append,
    createNew
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param path a path relative to the base directory; a glob for read
   * @param binaryProperty the attachment read into or written from
   * @param writeMode what a write does with an existing file
   * @param maxFiles the most files a read or list emits
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String path,
      @Param(defaultValue = "data") String binaryProperty,
      @Param(defaultValue = "overwrite") WriteMode writeMode,
      @Param(defaultValue = "1000") int maxFiles) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Read/Write Files")
              .description("Reads, writes and lists files inside a base directory, streaming")
              .credentialType(CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          ReadWriteFiles::execute);

  private ReadWriteFiles() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that reads the files matching a glob into attachments named {@code data}}
   *
   * @param glob e.g. {@code invoices/*.pdf}; may be an expression
   */
  public static NodeDefinition read(String glob) {
    return NodeDefinition.of(
        INSTANCE, Map.of("operation", "read", "path", Objects.requireNonNull(glob, "glob")));
  }

  /**
   * {@return a node that writes each item's attachment {@code data} to a file}
   *
   * @param path e.g. {@code out/{{ $json.id }}.pdf}; may be an expression
   */
  public static NodeDefinition write(String path) {
    return NodeDefinition.of(
        INSTANCE, Map.of("operation", "write", "path", Objects.requireNonNull(path, "path")));
  }

  private static NodeResult execute(NodeContext ctx) {
    Map<String, Object> credential = ctx.credential(CREDENTIAL);
    if (!(credential.get("baseDirectory") instanceof String dir) || dir.isBlank()) {
      throw NodeFailure.of("localFiles credential needs a 'baseDirectory'");
    }
    Path base;
    try {
      base = Path.of(dir).toRealPath();
    } catch (IOException | InvalidPathException e) {
      throw NodeFailure.of("the localFiles base directory does not exist");
    }
    if (!Files.isDirectory(base)) {
      throw NodeFailure.of("the localFiles base directory is not a directory");
    }
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      String relative = p.path().replace('\\', '/');
      try {
        switch (p.operation()) {
          case read -> read(ctx, base, relative, p, i, out);
          case write -> out.add(write(ctx, base, relative, p, i));
          case list -> list(base, relative, p, i, out);
        }
      } catch (NoSuchFileException e) {
        throw NodeFailure.badParameter("path", i, "no such file or directory", relative);
      } catch (FileAlreadyExistsException e) {
        throw NodeFailure.badParameter(
            "path", i, "the file exists (writeMode createNew)", relative);
      } catch (IOException e) {
        throw new RetryableNodeException(
            "'" + relative + "': " + e.getClass().getSimpleName(), i, null, e);
      }
    }
    return NodeResult.of(out);
  }

  /** Resolves a relative path below the base, refusing anything that would leave it. */
  static Path resolve(Path base, String relative, int item) {
    if (relative.isBlank() || relative.startsWith("/") || relative.matches("^[A-Za-z]:.*")) {
      throw NodeFailure.badParameter(
          "path", item, "must be relative to the base directory", relative);
    }
    for (String segment : relative.split("/")) {
      if (segment.equals("..")) {
        throw NodeFailure.badParameter("path", item, "must not contain '..'", relative);
      }
    }
    Path path;
    try {
      path = base.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      throw NodeFailure.badParameter("path", item, "is not a valid path", relative);
    }
    if (!path.startsWith(base)) {
      throw NodeFailure.badParameter("path", item, "leaves the base directory", relative);
    }
    return path;
  }

  /** Checks that an existing file's real path, links followed, is inside the base. */
  private static Path inside(Path base, Path path, String relative, int item) throws IOException {
    Path real = path.toRealPath();
    if (!real.startsWith(base)) {
      throw NodeFailure.badParameter(
          "path", item, "is a link that leaves the base directory", relative);
    }
    return real;
  }

  private static void read(
      NodeContext ctx, Path base, String relative, Parameters p, int i, List<Item> out)
      throws IOException {
    boolean glob = relative.contains("*") || relative.contains("?") || relative.contains("[");
    List<Path> files = new ArrayList<>();
    if (!glob) {
      files.add(resolve(base, relative, i));
    } else {
      resolve(base, relative.replaceAll("[*?\\[\\]{}]", "x"), i); // the same checks, on the shape
      PathMatcher matcher = base.getFileSystem().getPathMatcher("glob:" + relative);
      long[] seen = {0};
      try (Stream<Path> walk = Files.walk(base)) {
        walk.peek(
                f -> {
                  if (++seen[0] > MAX_WALKED) {
                    throw NodeFailure.badParameter(
                        "path",
                        i,
                        "the base directory holds more than "
                            + MAX_WALKED
                            + " entries to match; name a narrower path",
                        relative);
                  }
                })
            .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
            .filter(f -> matcher.matches(base.relativize(f)))
            .sorted()
            .limit(p.maxFiles())
            .forEach(files::add);
      }
    }
    for (Path file : files) {
      Path real = inside(base, file, relative, i);
      if (!Files.isRegularFile(real)) {
        throw NodeFailure.badParameter("path", i, "is not a regular file", relative);
      }
      String name = real.getFileName().toString();
      BinaryRef ref;
      try (InputStream in = Files.newInputStream(real)) {
        ref = ctx.binaries().write(in, name, Files.probeContentType(real));
      }
      Map<String, Object> json = describe(base, real);
      out.add(Item.of(json).withBinary(p.binaryProperty(), ref));
    }
  }

  private static Item write(NodeContext ctx, Path base, String relative, Parameters p, int i)
      throws IOException {
    Path target = resolve(base, relative, i);
    BinaryRef ref = Attachments.required(ctx, i, p.binaryProperty());
    Path parent = target.getParent();
    Files.createDirectories(parent);
    inside(base, parent, relative, i);
    if (Files.isSymbolicLink(target)) {
      throw NodeFailure.badParameter(
          "path", i, "is a symbolic link; not written through", relative);
    }
    long size;
    try (InputStream in = ctx.binaries().open(ref)) {
      switch (p.writeMode()) {
        case overwrite -> {
          Path tmp = Files.createTempFile(parent, ".tyboo-", ".tmp");
          try {
            size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } finally {
            Files.deleteIfExists(tmp);
          }
        }
        case append, createNew -> {
          StandardOpenOption mode =
              p.writeMode() == WriteMode.append
                  ? StandardOpenOption.APPEND
                  : StandardOpenOption.CREATE_NEW;
          try (OutputStream o =
              Files.newOutputStream(
                  target,
                  mode,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS)) {
            size = in.transferTo(o);
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("path", base.relativize(target).toString());
    json.put("size", size);
    return Item.of(json);
  }

  private static void list(Path base, String relative, Parameters p, int i, List<Item> out)
      throws IOException {
    Path dir = relative.equals(".") ? base : inside(base, resolve(base, relative, i), relative, i);
    if (!Files.isDirectory(dir)) {
      throw NodeFailure.badParameter("path", i, "is not a directory", relative);
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    }
    entries.stream().sorted().limit(p.maxFiles()).forEach(e -> out.add(Item.of(describe(base, e))));
  }

  private static Map<String, Object> describe(Path base, Path file) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("path", base.relativize(file).toString());
    json.put("fileName", file.getFileName().toString());
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      json.put("size", a.size());
      json.put("modified", a.lastModifiedTime().toInstant().toString());
      json.put("directory", a.isDirectory());
    } catch (IOException e) {
      json.put("size", null);
    }
    return json;
  }
}
