package io.modelvet.server.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A total deadline per request, on top of the idle timeout: a client that trickles a body (a
 * slow-loris upload sending a byte now and then never goes idle) has its request body failed once
 * the deadline passes, so the handler answers 408; a request still not finished a grace period
 * later has its connection closed.
 */
public final class RequestDeadline extends Handler.Wrapper {
  /** How long after the deadline a request that did not finish loses its connection. */
  static final Duration GRACE = Duration.ofSeconds(5);
  private final Duration deadline;

  public RequestDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  /** The failure a request body gets at the deadline; {@link #causedBy} finds it in what a reader throws. */
  public static final class Expired extends java.io.IOException {
    Expired(Duration d) {
      super("the request took longer than the limit of " + d.toSeconds() + " s");
    }
  }

  public Duration deadline() {
    return deadline;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Scheduler scheduler = request.getComponents().getScheduler();
    Scheduler.Task fail = scheduler.schedule(() -> request.fail(new Expired(deadline)), deadline.toMillis(), TimeUnit.MILLISECONDS);
    Scheduler.Task close = scheduler.schedule(() -> request.getConnectionMetaData().getConnection().getEndPoint().close(),
        deadline.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    Runnable cancel = () -> {
      fail.cancel();
      close.cancel();
    };
    boolean handled;
    try {
      handled = super.handle(request, response, Callback.from(callback, cancel));
    } catch (Exception | Error e) {
      cancel.run();
      throw e;
    }
    if (!handled) cancel.run();
    return handled;
  }

  /** Whether {@code t} or one of its causes is a request deadline. */
  public static boolean causedBy(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof Expired) return true;
    return false;
  }
}
