package dev.tyboo.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 512 MiB download through the HTTP Request node in a JVM whose heap is 64 MiB: it can only
 * succeed if the body is streamed into the binary store, never held.
 */
class LargeDownloadTest {

  private static final int MIB = 512;

  @Test
  void a_512_mib_download_fits_in_a_64_mib_heap() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                LargeDownloadMain.class.getName(),
                Integer.toString(MIB))
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = new String(out, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(output).isZero();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[1 << 20];
    for (int c = 0; c < MIB; c++) {
      LargeDownloadMain.fill(chunk, c);
      sha.update(chunk);
    }
    assertThat(output)
        .contains("OK " + ((long) MIB << 20) + " " + HexFormat.of().formatHex(sha.digest()));
  }
}
