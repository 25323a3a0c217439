package io.modelvet.cli;

import io.modelvet.ModelVet;
import io.modelvet.integrity.bom.BomWriter;
import io.modelvet.integrity.bom.MlBomBuilder;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.report.ScanReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import io.modelvet.engine.FileSelection;
import io.modelvet.engine.ScanOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelvet bom}: writes a CycloneDX 1.6 ML-BOM for model folders or files. */
@Command(
    name = "bom",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a CycloneDX 1.6 ML-BOM: one machine-learning-model component per PATH with its model-card data (README.md front matter, config.json) and one file component per file with SHA-256 and the format detected by content. --findings also records the static scan's findings as vulnerabilities.",
      "",
      "A signature file inside the model (PATH/model.sig, or --signature) is left out, exactly as `sign` and `verify` do, so the BOM's digest is the signed one.",
      "",
      "Exit codes: 0 written; 2 usage or I/O error."
    })
final class BomCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Model folders or files.")
  List<Path> paths;

  @Option(names = {"-f", "--format"}, defaultValue = "json", converter = Choice.BomFormats.class, completionCandidates = Choice.BomFormats.class, description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the BOM to FILE instead of standard output.")
  Path output;

  @Option(names = "--signature", paramLabel = "FILE", description = "The model's signature file, left out of the BOM (default: PATH/model.sig).")
  Path signature;

  @Option(names = "--findings", description = "Record the scan's findings as CycloneDX vulnerabilities.")
  boolean findings;

  @Override
  public Integer call() throws Exception {
    if (ExitCodes.requireExisting(paths) != ExitCodes.OK) return ExitCodes.ERROR;
    MlBomBuilder builder = new MlBomBuilder(new ModelHasher(), signature);
    Set<Path> signatures = paths.stream().map(builder::signatureFor).filter(Files::isRegularFile).collect(Collectors.toSet());
    ScanReport report = ModelVet.scanner(ScanOptions.defaults().withSelection(new FileSelection(List.of(), List.of(), signatures))).scan(paths);
    String bom = BomWriter.write(builder.build(paths, report, findings), format);
    if (output != null) Files.writeString(output, bom, StandardCharsets.UTF_8);
    else System.out.println(bom);
    return ExitCodes.OK;
  }
}
