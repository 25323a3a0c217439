package io.modelvet.cli;

import io.modelvet.integrity.Integrity;
import io.modelvet.integrity.IntegrityFindings;
import io.modelvet.integrity.bom.BomWriter;
import io.modelvet.integrity.bom.MlBomBuilder;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.integrity.signing.ModelVerifier;
import io.modelvet.integrity.signing.VerificationResult;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The integrity options of {@code modelvet scan} (a picocli mixin): verify the model against its
 * signature and report any failure as CRITICAL {@code integrity.*} findings in the same report, and
 * write a CycloneDX ML-BOM that records the scan's findings.
 */
final class ScanIntegrity {
  Path signature;
  Path key;
  List<Path> certificateChain = new ArrayList<>();
  Path bom;

  /** Adds --signature, --key, --certificate-chain and --bom, bound to this object, to the command. */
  void addOptions(CommandSpec spec) {
    spec.addOption(Options.bound(Options.value("--signature", "FILE", Path.class,
        "Also verify the model against this OpenSSF model-signing signature (default with --key: PATH/model.sig)."),
        () -> signature, (Path v) -> signature = v).build());
    spec.addOption(Options.bound(Options.value("--key", "PEM", Path.class, "Signer's EC public key for --signature."),
        () -> key, (Path v) -> key = v).build());
    spec.addOption(Options.bound(Options.list("--certificate-chain", "PEM", Path.class, "Trusted root certificate(s) for a certificate-method --signature.").arity("1..*"),
        () -> certificateChain, (List<Path> v) -> certificateChain = v).build());
    spec.addOption(Options.bound(Options.value("--bom", "FILE", Path.class, "Also write a CycloneDX 1.6 ML-BOM (JSON; .xml name for XML) with the findings."),
        () -> bom, (Path v) -> bom = v).build());
  }

  private boolean verifying() {
    return signature != null || key != null || !certificateChain.isEmpty();
  }

  /** True when any integrity option was given. */
  boolean requested() {
    return verifying() || bom != null;
  }

  /** A usage problem with these options, or null. */
  String usageError(List<Path> paths) {
    if (!verifying()) return null;
    if (paths.size() != 1) return "--signature/--key verify one model: give exactly one PATH";
    if (key != null && !certificateChain.isEmpty()) return "give either --key or --certificate-chain, not both";
    if (key == null && certificateChain.isEmpty()) return "--signature needs --key (or --certificate-chain for certificate signatures)";
    return null;
  }

  /** A usage problem with these options when scanning standard input, or null. */
  String streamUsageError() {
    return verifying() || bom != null ? "--signature, --key, --certificate-chain and --bom need a model on disk, not standard input" : null;
  }

  /** The report with a model-level result carrying any verification failure. */
  ScanReport verify(ScanReport report, List<Path> paths) throws Exception {
    if (!verifying()) return report;
    Path model = paths.get(0);
    Path sig = signature != null ? signature : Integrity.defaultSignaturePath(model);
    VerificationResult r = Integrity.verify(model, sig, key, certificateChain, ModelVerifier.Options.defaults(), 0);
    for (String w : r.warnings()) System.err.println("modelvet: warning: " + w);
    List<FileResult> files = new ArrayList<>(report.files());
    files.add(IntegrityFindings.fileResult(model.toString(), sig.toString(), r));
    return new ScanReport(report.toolVersion(), report.startedAt(), report.durationMillis(), report.roots(), files);
  }

  /** Writes the ML-BOM when {@code --bom} was given. */
  void writeBom(ScanReport report, List<Path> paths) throws Exception {
    if (bom == null) return;
    String format = bom.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml") ? "xml" : "json";
    Files.writeString(bom, BomWriter.write(new MlBomBuilder(new ModelHasher(), signature).build(paths, report, true), format), StandardCharsets.UTF_8);
  }
}
