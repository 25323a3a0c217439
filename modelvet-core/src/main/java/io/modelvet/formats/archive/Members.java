package io.modelvet.formats.archive;

import io.modelvet.engine.FolderView;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.ByteSource;
import java.io.IOException;

/** Hands archive members to the engine's dispatch, noting native executables on the way. */
final class Members {
  private Members() {}

  /**
   * Reports a native executable member (model archives have no use for one) and scans the member
   * through the normal dispatch, where its content decides the scanner.
   */
  static void dispatch(ScanContext ctx, String name, ByteSource data, long offset) throws IOException {
    dispatch(ctx, name, data, offset, null);
  }

  /** As {@link #dispatch(ScanContext, String, ByteSource, long)}, giving the member the archive folder it sits in. */
  static void dispatch(ScanContext ctx, String name, ByteSource data, long offset, FolderView siblings) throws IOException {
    String exe = PayloadChecks.executableKind(data.head(64));
    if (exe != null && !exe.startsWith("script"))
      ctx.report("general.embedded-executable", offset,
          "Archive member '" + MemberNames.printable(name) + "' is a " + exe + ". Model archives have no use for native code; a loader gadget or a later step may drop and run it.",
          MemberNames.printable(name));
    ctx.scanMember(name, data, siblings);
  }
}
