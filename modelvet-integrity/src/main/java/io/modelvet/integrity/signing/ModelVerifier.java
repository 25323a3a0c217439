package io.modelvet.integrity.signing;

import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.Manifest;
import io.modelvet.integrity.hashing.ModelFile;
import io.modelvet.integrity.hashing.ModelFiles;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.integrity.hashing.PathOrder;
import io.modelvet.integrity.hashing.ResourceDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verifies a model against an OpenSSF model-signing signature, in the reference tool's order:
 * bundle media type, signer (key hint or certificate chain), ECDSA signature over the DSSE PAE,
 * payload type, statement, manifest consistency, then a fresh hash of the model with the signed
 * serialization and a per-file comparison. The first failure of the signature checks stops
 * verification (an unauthenticated manifest says nothing); file differences are all reported.
 */
public final class ModelVerifier {
  private final ModelHasher hasher;

  /**
   * Verification options.
   *
   * @param extraIgnorePaths more model-relative paths to ignore (besides those the signature records)
   * @param ignoreGitPaths ignore the default git paths at the model root
   * @param ignoreUnsignedFiles hash only files named in the signature, so added files pass
   */
  public record Options(List<String> extraIgnorePaths, boolean ignoreGitPaths, boolean ignoreUnsignedFiles) {
    public Options {
      extraIgnorePaths = List.copyOf(extraIgnorePaths);
    }

    public static Options defaults() {
      return new Options(List.of(), true, false);
    }
  }

  /** Who may have signed: a public key, or trust anchors for a certificate chain. */
  public sealed interface Trust permits KeyTrust, CertificateTrust {}

  /** Key method: the signer's public key. */
  public record KeyTrust(PublicKeyInfo key) implements Trust {}

  /** Certificate method: the trusted roots (and any extra intermediates) from {@code --certificate-chain}. */
  public record CertificateTrust(List<X509Certificate> anchors) implements Trust {}

  public ModelVerifier(ModelHasher hasher) {
    this.hasher = hasher;
  }

  public VerificationResult verify(Path model, Path signatureFile, Trust trust, Options options) throws IOException {
    List<String> warnings = new ArrayList<>();
    if (Files.size(signatureFile) > Bundle.MAX_BUNDLE_BYTES)
      return fail(ProblemKind.MALFORMED, "the signature file is too large to be a model signature", warnings);
    Bundle bundle;
    try {
      bundle = Bundle.parse(Files.readAllBytes(signatureFile));
    } catch (SignatureFormatException e) {
      return fail(ProblemKind.MALFORMED, e.getMessage(), warnings);
    }
    if (!Bundle.MEDIA_TYPE.equals(bundle.mediaType()))
      return fail(
          ProblemKind.MEDIA_TYPE,
          "invalid signature bundle: media type is '" + bundle.mediaType() + "', expected '" + Bundle.MEDIA_TYPE + "'",
          warnings);

    PublicKeyInfo signer;
    try {
      signer = signerKey(bundle, trust, warnings);
    } catch (VerificationFailure f) {
      return fail(f.kind, f.getMessage(), warnings);
    }

    try {
      if (!SignatureCheck.verify(signer, bundle.payload(), bundle.signature()))
        return fail(
            ProblemKind.SIGNATURE_INVALID,
            "the signature does not match the signed statement: the signature or the statement was altered, or it was made with another key",
            warnings);
    } catch (InvalidKeyException e) {
      return fail(ProblemKind.UNSUPPORTED_KEY, "the key cannot verify ECDSA signatures: " + e.getMessage(), warnings);
    }

    if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(bundle.payloadType()))
      return fail(
          ProblemKind.PAYLOAD_TYPE,
          "expected DSSE payload type " + Dsse.IN_TOTO_PAYLOAD_TYPE + ", but the signature declares '" + bundle.payloadType() + "'",
          warnings);

    Statement statement;
    try {
      statement = Statement.parse(bundle.payload());
    } catch (SignatureFormatException e) {
      return fail(ProblemKind.MALFORMED, e.getMessage(), warnings);
    }
    String root = Manifest.rootDigestHex(statement.manifest().resources());
    if (!root.equals(statement.subjectDigest()))
      return fail(
          ProblemKind.MANIFEST_INCONSISTENT,
          "the signed manifest is inconsistent: its resources digest to " + root + " but the subject claims " + statement.subjectDigest(),
          warnings);

    List<Problem> problems = compareWithModel(model, signatureFile, statement.manifest(), options);
    return new VerificationResult(problems, warnings, statement);
  }

  private static PublicKeyInfo signerKey(Bundle bundle, Trust trust, List<String> warnings) throws VerificationFailure {
    if (trust instanceof KeyTrust kt) {
      if (bundle.usesCertificates())
        throw new VerificationFailure(
            ProblemKind.KEY_MISMATCH, "the model was signed with a certificate; verify it with --certificate-chain instead of --key");
      if (bundle.keyHint() == null) {
        warnings.add("the signature does not name its public key (no key hint); checking the signature against the given key only");
      } else if (!bundle.keyHint().equalsIgnoreCase(kt.key().hint())) {
        throw new VerificationFailure(
            ProblemKind.KEY_MISMATCH,
            "key mismatch: the signature was made with another key (key hint " + bundle.keyHint()
                + ", the given key's hint is " + kt.key().hint() + ")");
      }
      return kt.key();
    }
    CertificateTrust ct = (CertificateTrust) trust;
    if (!bundle.usesCertificates())
      throw new VerificationFailure(
          ProblemKind.KEY_MISMATCH, "the model was signed with a bare key, not a certificate; verify it with --key");
    try {
      return CertificateChains.validate(bundle.certificates(), ct.anchors());
    } catch (UnsupportedKeyException e) {
      throw new VerificationFailure(ProblemKind.UNSUPPORTED_KEY, e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new VerificationFailure(ProblemKind.UNTRUSTED_CERTIFICATE, e.getMessage());
    }
  }

  private List<Problem> compareWithModel(Path model, Path signatureFile, Manifest signed, Options options)
      throws IOException {
    // ModelPaths may throw for an unresolvable signature path; hashing failures become problems below.
    HashingConfig config = signed.config();
    List<String> ignore = new ArrayList<>(options.extraIgnorePaths());
    ModelPaths.inside(model, signatureFile).ifPresent(ignore::add);
    if (options.ignoreGitPaths()) ignore.addAll(HashingConfig.GIT_PATHS);
    config = config.withIgnored(ignore);

    Manifest actual;
    try {
      List<ModelFile> files = ModelFiles.list(model, config);
      if (options.ignoreUnsignedFiles()) {
        Set<String> signedFiles = new HashSet<>();
        for (ResourceDigest r : signed.resources()) signedFiles.add(r.filePath());
        files.removeIf(f -> !signedFiles.contains(f.name()));
      }
      actual = hasher.hash(files, config);
    } catch (IOException e) {
      return List.of(Problem.of(ProblemKind.MODEL_UNREADABLE, "the model cannot be read for verification: " + io.modelvet.io.IoErrors.describeWithPath(e)));
    }
    Path fileName = model.toAbsolutePath().normalize().getFileName();
    String singleFileName = fileName == null ? model.toString() : fileName.toString();
    return differences(signed, actual, singleFileName);
  }

  /**
   * Per-file differences between the signed and the freshly computed manifest; messages about a
   * single-file model (resource {@code .}) use {@code singleFileName}.
   */
  static List<Problem> differences(Manifest signed, Manifest actual, String singleFileName) {
    Map<String, Map<String, ResourceDigest>> expectedByFile = byFile(signed);
    Map<String, Map<String, ResourceDigest>> actualByFile = byFile(actual);
    Set<String> allFiles = new java.util.TreeSet<>(PathOrder.INSTANCE);
    allFiles.addAll(expectedByFile.keySet());
    allFiles.addAll(actualByFile.keySet());
    List<Problem> problems = new ArrayList<>();
    for (String file : allFiles) {
      String shown = file.equals(".") ? singleFileName : file;
      Map<String, ResourceDigest> exp = expectedByFile.get(file);
      Map<String, ResourceDigest> act = actualByFile.get(file);
      if (exp == null) {
        problems.add(new Problem(ProblemKind.FILE_ADDED, file, null, null, shown + ": file added (it is not covered by the signature)"));
      } else if (act == null) {
        problems.add(new Problem(ProblemKind.FILE_REMOVED, file, null, null, shown + ": signed file is missing"));
      } else {
        Problem p = modified(file, shown, exp, act);
        if (p != null) problems.add(p);
      }
    }
    return problems;
  }

  private static Problem modified(String file, String shown, Map<String, ResourceDigest> exp, Map<String, ResourceDigest> act) {
    for (Map.Entry<String, ResourceDigest> e : exp.entrySet()) {
      ResourceDigest a = act.get(e.getKey());
      ResourceDigest x = e.getValue();
      if (a == null || !a.algorithm().equals(x.algorithm()) || !a.digest().equals(x.digest())) {
        String where = e.getKey().equals(file) ? "" : " (resource " + e.getKey() + ")";
        String found = a == null ? "a different size" : a.algorithm() + ":" + a.digest();
        return new Problem(
            ProblemKind.FILE_MODIFIED,
            file,
            x.algorithm() + ":" + x.digest(),
            a == null ? null : a.algorithm() + ":" + a.digest(),
            shown + ": content changed" + where + ": signed " + x.algorithm() + ":" + x.digest() + ", found " + found);
      }
    }
    for (String name : act.keySet()) {
      if (!exp.containsKey(name))
        return new Problem(ProblemKind.FILE_MODIFIED, file, null, null, shown + ": content changed (size differs: unexpected resource " + name + ")");
    }
    return null;
  }

  private static Map<String, Map<String, ResourceDigest>> byFile(Manifest m) {
    Map<String, Map<String, ResourceDigest>> out = new TreeMap<>(PathOrder.INSTANCE);
    for (ResourceDigest r : m.resources()) out.computeIfAbsent(r.filePath(), k -> new LinkedHashMap<>()).put(r.name(), r);
    return out;
  }

  private static VerificationResult fail(ProblemKind kind, String message, List<String> warnings) {
    return new VerificationResult(List.of(Problem.of(kind, message)), warnings, null);
  }

  /** A fatal check failure before the model is compared. */
  private static final class VerificationFailure extends Exception {
    final ProblemKind kind;

    VerificationFailure(ProblemKind kind, String message) {
      super(message);
      this.kind = kind;
    }
  }

  /** ECDSA verification with the curve's hash. */
  private static final class SignatureCheck {
    static boolean verify(PublicKeyInfo key, byte[] payload, byte[] derSignature) throws InvalidKeyException {
      try {
        java.security.Signature ecdsa = java.security.Signature.getInstance(key.curve().signatureAlgorithm());
        ecdsa.initVerify(key.key());
        ecdsa.update(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
        return ecdsa.verify(derSignature);
      } catch (SignatureException e) {
        return false; // malformed DER signature
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
