package dev.tyboo.nodes.http;

import com.sun.net.httpserver.HttpServer;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Run in a JVM with a small heap by {@link LargeDownloadTest}: serves {@code args[0]} MiB over
 * local HTTP, downloads them with the HTTP Request node into a file binary store, and prints {@code
 * OK <bytes> <sha-256>} of what the store holds, or exits with 1.
 */
public final class LargeDownloadMain {

  private LargeDownloadMain() {}

  /** Fills a chunk with bytes that differ from chunk to chunk, cheaply. */
  static void fill(byte[] chunk, int index) {
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i * 31 + index * 7);
    }
  }

  public static void main(String[] args) throws Exception {
    int mib = Integer.parseInt(args[0]);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/big.bin",
        x -> {
          x.getResponseHeaders().add("Content-Type", "application/octet-stream");
          x.sendResponseHeaders(200, (long) mib << 20);
          byte[] chunk = new byte[1 << 20];
          try (OutputStream out = x.getResponseBody()) {
            for (int c = 0; c < mib; c++) {
              fill(chunk, c);
              out.write(chunk);
            }
          }
        });
    server.start();
    try (BinaryStore files = BinaryStore.tempFiles();
        Engine engine = Engine.builder().nodeType(HttpRequest.type()).binaryStore(files).build()) {
      Workflow w =
          Workflow.named("download")
              .node(
                  "get",
                  NodeDefinition.of(
                      HttpRequest.type(),
                      Map.of(
                          "url",
                          "http://127.0.0.1:" + server.getAddress().getPort() + "/big.bin",
                          "responseFormat",
                          "binary",
                          "timeoutMillis",
                          300_000)))
              .build();
      Execution run = engine.start(w, List.of(Item.empty()));
      if (run.await(Duration.ofMinutes(5)) != ExecutionStatus.SUCCEEDED) {
        System.out.println(
            "FAILED " + run.error().map(Throwable::toString).orElse(run.status().name()));
        System.exit(1);
      }
      BinaryRef ref = run.output("get").get(0).binary().get("data");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size = 0;
      try (InputStream in = files.open(ref)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
          size += n;
        }
      }
      System.out.println("OK " + size + " " + HexFormat.of().formatHex(sha.digest()));
    } finally {
      server.stop(0);
    }
  }
}
