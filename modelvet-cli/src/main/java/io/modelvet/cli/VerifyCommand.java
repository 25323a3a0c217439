package io.modelvet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelvet.integrity.Integrity;
import io.modelvet.integrity.signing.ModelPaths;
import io.modelvet.integrity.signing.ModelVerifier;
import io.modelvet.integrity.signing.Problem;
import io.modelvet.integrity.signing.VerificationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelvet verify}: checks a model against its OpenSSF model-signing signature. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a model folder (or file) against an OpenSSF model-signing signature (made by `modelvet sign` or `model_signing`): the signer, the signature, and every file's digest. Reports each file added, removed or modified (with both digests).",
      "",
      "Exit codes: 0 verified; 1 verification failed; 2 usage, key or I/O error."
    })
final class VerifyCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PATH", description = "Model folder or file.")
  Path model;

  @Option(names = "--signature", paramLabel = "FILE", description = "The signature (default: PATH/model.sig, or PATH.sig for a file).")
  Path signature;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Signer signer;

  static final class Signer {
    @Option(names = {"--key", "--public-key"}, required = true, paramLabel = "PEM", description = "Key method: the signer's EC public key (PEM).")
    Path key;

    @Option(names = "--certificate-chain", required = true, arity = "1..*", paramLabel = "PEM", description = "Certificate method: trusted root certificate(s) (PEM).")
    List<Path> certificateChain;
  }

  @Option(names = "--ignore-paths", arity = "1..*", paramLabel = "PATH", description = "Files or folders to leave out of the comparison.")
  List<String> ignorePaths = new ArrayList<>();

  @Option(names = "--no-ignore-git-paths", description = "Compare .git, .gitattributes, .github and .gitignore at the model root too.")
  boolean noIgnoreGitPaths;

  @Option(names = "--ignore-unsigned-files", description = "Check only the files named in the signature (added files pass).")
  boolean ignoreUnsignedFiles;

  @Option(names = {"-f", "--format"}, defaultValue = "text", converter = Choice.VerifyFormats.class, completionCandidates = Choice.VerifyFormats.class, description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--threads", description = "Hashing threads (default: number of cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    if (ExitCodes.requireExisting(java.util.List.of(model)) != ExitCodes.OK) return ExitCodes.ERROR;
    Path sig = signature != null ? signature : Integrity.defaultSignaturePath(model);
    List<String> ignore = new ArrayList<>();
    for (String p : ignorePaths) ModelPaths.ignoreEntry(model, p).ifPresent(ignore::add);
    ModelVerifier.Options options = new ModelVerifier.Options(ignore, !noIgnoreGitPaths, ignoreUnsignedFiles);
    VerificationResult r =
        Integrity.verify(
            model, sig, signer.key, signer.key == null ? signer.certificateChain : List.of(), options, threads == null ? 0 : threads);
    if (format.equals("json")) printJson(sig, r);
    else printText(r);
    return r.verified() ? ExitCodes.OK : ExitCodes.FINDINGS;
  }

  private void printText(VerificationResult r) {
    for (String w : r.warnings()) System.err.println("warning: " + w);
    if (r.verified()) {
      var m = r.statement().manifest();
      System.out.println(
          "Verification succeeded: " + model + " matches its signature (" + m.resources().size() + " resource(s), "
              + m.config().method().id() + "/" + m.config().algorithm().id() + ").");
      return;
    }
    System.out.println("Verification FAILED for " + model + " (" + r.problems().size() + " problem(s)):");
    for (Problem p : r.problems())
      System.out.printf("  %-22s %s%n", p.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), p.message());
  }

  private void printJson(Path sig, VerificationResult r) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model.toString());
    out.put("signature", sig.toString());
    out.put("verified", r.verified());
    List<Map<String, Object>> problems = new ArrayList<>();
    for (Problem p : r.problems()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", p.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      m.put("path", p.path());
      m.put("expected", p.expected());
      m.put("actual", p.actual());
      m.put("message", p.message());
      problems.add(m);
    }
    out.put("problems", problems);
    out.put("warnings", r.warnings());
    if (r.statement() != null) out.put("rootDigest", "sha256:" + r.statement().subjectDigest());
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
  }
}
