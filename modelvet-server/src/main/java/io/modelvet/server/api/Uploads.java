package io.modelvet.server.api;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.modelvet.server.jobs.Submissions;

/** Multipart parts, with Jetty's parsing failures turned into clear answers. */
public final class Uploads {
  private Uploads() {}

  /** The named file part, or null; 413 when the body exceeds the upload limit, 400 when it is not valid multipart. */
  public static UploadedFile file(Context ctx, String field, long maxUpload) {
    if (ctx.contentLength() > maxUpload + (1 << 20)) throw tooLarge(maxUpload);
    try {
      UploadedFile f = ctx.uploadedFile(field);
      if (f != null && f.size() > maxUpload) throw tooLarge(maxUpload);
      return f;
    } catch (HttpError e) {
      throw e;
    } catch (RuntimeException e) {
      if (RequestDeadline.causedBy(e)) throw HttpError.timedOut(e);
      String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("exceed") || m.contains("too large") || m.contains("max")) throw tooLarge(maxUpload);
      throw new HttpError(400, "malformed multipart body");
    }
  }

  public static Submissions.Upload part(UploadedFile f) {
    return f == null ? null : new Submissions.Upload(f.filename(), f.content());
  }

  private static HttpError tooLarge(long maxUpload) {
    return new HttpError(413, "upload larger than the limit of " + maxUpload + " bytes");
  }
}
