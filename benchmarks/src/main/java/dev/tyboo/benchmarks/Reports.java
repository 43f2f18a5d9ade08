package dev.tyboo.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The side results of the suites (statements counted, heap in use), in {@code target}. */
final class Reports {

  private Reports() {}

  /**
   * Writes a side result to {@code target/<file>}.
   *
   * @param file the file name
   * @param text what to write
   * @throws IOException when it cannot be written
   */
  static void write(String file, String text) throws IOException {
    Path out = Path.of("target", file);
    Files.createDirectories(out.getParent());
    Files.writeString(out, text);
  }
}
