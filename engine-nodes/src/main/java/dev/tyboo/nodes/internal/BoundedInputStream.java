package dev.tyboo.nodes.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a stream on up to a byte budget, failing the read that goes past it, and shows each chunk
 * to an observer (a MAC, a digest) on the way. Stores that read it report the failure; {@link
 * #exceeded()} then tells a limit from an I/O error.
 */
public final class BoundedInputStream extends FilterInputStream {

  /** Sees each chunk read. */
  @FunctionalInterface
  public interface Observer {
    /**
     * Sees bytes as they pass.
     *
     * @param bytes a buffer
     * @param offset where the chunk starts
     * @param length its length
     */
    void update(byte[] bytes, int offset, int length);
  }

  private final Observer observer;
  private final boolean closeSource;
  private long left;
  private boolean exceeded;

  /**
   * Creates the stream.
   *
   * @param in the source
   * @param budget the most bytes to pass
   * @param observer sees each chunk, or {@code null}
   * @param closeSource whether {@link #close()} closes the source (not for a zip entry)
   */
  public BoundedInputStream(InputStream in, long budget, Observer observer, boolean closeSource) {
    super(in);
    this.left = budget;
    this.observer = observer;
    this.closeSource = closeSource;
  }

  /** {@return whether a read went past the budget} */
  public boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      left -= n;
      if (left < 0) {
        exceeded = true;
        throw new IOException("size limit reached");
      }
      if (observer != null) {
        observer.update(b, off, n);
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closeSource) {
      super.close();
    }
  }
}
