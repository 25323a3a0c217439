package io.modelvet.formats.archive.pytorch;

import io.modelvet.engine.ScanContext;
import java.util.List;
import java.util.Set;

/**
 * The tar layout {@code torch.save} wrote before PyTorch 0.4: members {@code sys_info},
 * {@code pickle}, {@code tensors} and {@code storages}, each starting with a pickle that
 * {@code torch.load} runs.
 */
public final class LegacyTarLayout {
  private static final List<String> MEMBERS = List.of("sys_info", "pickle", "tensors", "storages");

  private LegacyTarLayout() {}

  /** Refines the format and reports the legacy layout when all four members are present. */
  public static void check(ScanContext ctx, Set<String> names) {
    if (!names.containsAll(MEMBERS)) return;
    ctx.setFormat("pytorch-legacy-tar");
    ctx.report("pytorch.legacy-format", -1,
        "This is a PyTorch checkpoint in the tar format of torch < 0.4. torch.load unpickles its members (only with weights_only=False in current torch); each member is analysed.",
        String.join(", ", MEMBERS));
  }
}
