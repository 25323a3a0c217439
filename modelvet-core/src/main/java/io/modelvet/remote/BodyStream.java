package io.modelvet.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read with a per-read timeout and an overall deadline. It asks the connection for
 * one chunk at a time, so nothing is buffered ahead of the reader, and closing it early cancels the
 * transfer (how a body from a server that ignored {@code Range} is cut off once enough was read).
 */
final class BodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
  private static final Object END = new Object();
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final long readTimeoutNanos;
  private final long deadlineNanos;
  private final Runnable onClose;
  private volatile Flow.Subscription subscription;
  private Iterator<ByteBuffer> chunk;
  private ByteBuffer current;
  private boolean ended;
  private boolean closed;

  BodyStream(long readTimeoutNanos, long deadlineNanos, Runnable onClose) {
    this.readTimeoutNanos = readTimeoutNanos;
    this.deadlineNanos = deadlineNanos;
    this.onClose = onClose;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("stream closed");
    if (len == 0) return 0;
    while (current == null || !current.hasRemaining()) {
      if (chunk != null && chunk.hasNext()) {
        current = chunk.next();
        continue;
      }
      if (ended) return -1;
      next();
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  @SuppressWarnings("unchecked")
  private void next() throws IOException {
    long now = System.nanoTime();
    long wait = Math.min(readTimeoutNanos, deadlineNanos - now);
    Object o;
    try {
      o = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while downloading");
    }
    if (o == null) {
      boolean overall = System.nanoTime() >= deadlineNanos;
      close();
      throw new SocketTimeoutException(overall ? "the download took longer than the request time limit" : "the server stopped sending data (read timeout)");
    }
    if (o == END) {
      ended = true;
    } else if (o instanceof Throwable t) {
      ended = true;
      throw new IOException("connection failed while downloading: " + (t.getMessage() != null ? t.getMessage() : "reset"), t);
    } else {
      chunk = ((List<ByteBuffer>) o).iterator();
      Flow.Subscription s = subscription;
      if (s != null) s.request(1);
    }
  }

  /** Reads up to {@code n} bytes, fewer only at the end of the body. */
  byte[] readUpTo(int n) throws IOException {
    return readNBytes(n);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    Flow.Subscription s = subscription;
    if (s != null && !ended) s.cancel();
    onClose.run();
  }
}
