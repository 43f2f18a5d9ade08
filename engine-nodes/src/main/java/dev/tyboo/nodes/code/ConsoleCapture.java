package dev.tyboo.nodes.code;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard output and error of one script run: split into lines, up to a number of bytes; what
 * comes after is dropped and one line says so. Thread-safe.
 */
final class ConsoleCapture extends OutputStream {

  private final int maxBytes;
  private final List<String> lines = new ArrayList<>();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private int bytes;
  private boolean truncated;

  ConsoleCapture(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized void write(int b) {
    if (bytes >= maxBytes) {
      truncate();
      return;
    }
    bytes++;
    if (b == '\n') {
      flushLine();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    if (bytes >= maxBytes) {
      truncate();
      return;
    }
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  private void truncate() {
    if (!truncated) {
      truncated = true;
      flushLine();
      lines.add("[console output truncated after " + maxBytes + " bytes]");
    }
  }

  private void flushLine() {
    if (line.size() > 0 || !truncated) {
      lines.add(line.toString(StandardCharsets.UTF_8));
    }
    line.reset();
  }

  /** {@return the lines so far, the unfinished one included} */
  synchronized List<String> lines() {
    if (line.size() == 0) {
      return List.copyOf(lines);
    }
    List<String> all = new ArrayList<>(lines);
    all.add(line.toString(StandardCharsets.UTF_8));
    return List.copyOf(all);
  }
}
