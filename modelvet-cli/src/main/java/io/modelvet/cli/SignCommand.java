package io.modelvet.cli;

import io.modelvet.integrity.Integrity;
import io.modelvet.integrity.hashing.HashAlgorithm;
import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.integrity.signing.Bundle;
import io.modelvet.integrity.signing.ModelPaths;
import io.modelvet.integrity.signing.ModelSigner;
import io.modelvet.integrity.signing.PemKeys;
import io.modelvet.integrity.signing.SigningKey;
import io.modelvet.integrity.signing.Statement;
import io.modelvet.integrity.signing.UnsupportedKeyException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelvet sign}: writes an OpenSSF model-signing signature for a model folder or file. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Signs a model folder (or single file) in the OpenSSF model-signing format (Sigstore bundle, DSSE envelope, in-toto statement listing every file's digest), compatible with `model_signing`.",
      "",
      "Keys: ECDSA P-256, P-384 or P-521 in PEM (PKCS#8 or SEC1). Ed25519 and RSA are not part of the format.",
      "",
      "Exit codes: 0 signed; 2 usage, key or I/O error."
    })
final class SignCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PATH", description = "Model folder or file.")
  Path model;

  @Option(names = {"--key", "--private-key"}, required = true, paramLabel = "PEM", description = "EC private key (PEM).")
  Path key;

  @Option(names = "--signature", paramLabel = "FILE", description = "Where to write the signature (default: PATH/model.sig, or PATH.sig for a file).")
  Path signature;

  @Option(names = "--signing-certificate", paramLabel = "PEM", description = "Certificate method: the signer's certificate for --key.")
  Path signingCertificate;

  @Option(names = "--certificate-chain", paramLabel = "PEM", arity = "1..*", description = "Certificate method: intermediate certificates to include in the signature.")
  List<Path> certificateChain = new ArrayList<>();

  @Option(names = "--hashing", defaultValue = "files", paramLabel = "MODE", description = "files (one digest per file, default) or shards (one per --shard-size bytes).")
  String hashing;

  @Option(names = "--shard-size", defaultValue = "1000000000", paramLabel = "BYTES", description = "Shard length for --hashing shards (default: ${DEFAULT-VALUE}).")
  long shardSize;

  @Option(names = "--hash", defaultValue = "sha256", paramLabel = "ALG", description = "sha256 (default) or blake2b.")
  String hash;

  @Option(names = "--ignore-paths", arity = "1..*", paramLabel = "PATH", description = "Files or folders not to sign (recorded in the signature).")
  List<String> ignorePaths = new ArrayList<>();

  @Option(names = "--no-ignore-git-paths", description = "Also sign .git, .gitattributes, .github and .gitignore at the model root.")
  boolean noIgnoreGitPaths;

  @Option(names = "--allow-symlinks", description = "Follow symbolic links instead of refusing them.")
  boolean allowSymlinks;

  @Option(names = "--threads", description = "Hashing threads (default: number of cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    if (ExitCodes.requireExisting(java.util.List.of(model)) != ExitCodes.OK) return ExitCodes.ERROR;
    if (signingCertificate == null && !certificateChain.isEmpty()) {
      System.err.println("modelvet: --certificate-chain needs --signing-certificate when signing");
      return ExitCodes.ERROR;
    }
    Path sig = signature != null ? signature : Integrity.defaultSignaturePath(model);
    SigningKey signingKey;
    try {
      signingKey = PemKeys.readPrivateKey(key);
    } catch (UnsupportedKeyException e) {
      System.err.println("modelvet: signing failed: " + e.getMessage());
      return ExitCodes.ERROR;
    }
    List<X509Certificate> chain = new ArrayList<>();
    if (signingCertificate != null) {
      chain.addAll(PemKeys.readCertificates(signingCertificate));
      for (Path p : certificateChain) chain.addAll(PemKeys.readCertificates(p));
    }
    HashingConfig config = HashingConfig.defaults().withAlgorithm(HashAlgorithm.fromId(hash)).withAllowSymlinks(allowSymlinks);
    if (noIgnoreGitPaths) config = config.withoutGitPaths();
    if (HashingConfig.Method.fromId(hashing) == HashingConfig.Method.SHARDS) config = config.withShards(shardSize);
    List<String> ignore = new ArrayList<>();
    for (String p : ignorePaths) ModelPaths.ignoreEntry(model, p).ifPresent(ignore::add);
    config = config.withIgnored(ignore);

    ModelHasher hasher = threads != null ? new ModelHasher(threads) : new ModelHasher();
    Bundle bundle = new ModelSigner(hasher).sign(model, sig, signingKey, chain, config);
    Statement st = Statement.parse(bundle.payload());
    System.out.println(
        "Signing succeeded: " + st.manifest().resources().size() + " resource(s), root digest sha256:" + st.subjectDigest());
    System.out.println("Signature written to " + sig);
    return ExitCodes.OK;
  }
}
