package io.modelvet.integrity.signing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A Sigstore bundle (v0.3, JSON) as written by the OpenSSF model-signing key and certificate
 * methods: verification material (a public-key hint or an X.509 chain) and a DSSE envelope with one
 * ECDSA signature over the in-toto statement.
 *
 * @param mediaType the bundle media type as found
 * @param keyHint {@code publicKey.hint}, or null when absent or empty
 * @param certificates the chain, leaf first; empty for the key method
 * @param payload the DSSE payload bytes (decoded)
 * @param payloadType the DSSE payload type as found
 * @param signature the DER ECDSA signature (decoded)
 */
public record Bundle(
    String mediaType,
    String keyHint,
    List<X509Certificate> certificates,
    byte[] payload,
    String payloadType,
    byte[] signature) {

  /** The only media type the key and certificate verifiers accept. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Signature files larger than this are refused before parsing. */
  public static final long MAX_BUNDLE_BYTES = 512L << 20;

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  public Bundle {
    certificates = List.copyOf(certificates);
  }

  /** True when the signer is identified by certificates rather than by a bare key. */
  public boolean usesCertificates() {
    return !certificates.isEmpty();
  }

  /** Parses bundle JSON strictly: unknown fields and malformed values are errors. */
  public static Bundle parse(byte[] json) throws SignatureFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new SignatureFormatException("the signature file is not valid JSON (" + io.modelvet.io.IoErrors.describeSyntax(e) + ")");
    }
    if (root == null || !root.isObject()) throw new SignatureFormatException("the signature file is not a JSON object");
    only(root, "bundle", "mediaType", "verificationMaterial", "dsseEnvelope");
    String mediaType = root.path("mediaType").asText("");
    JsonNode material = root.path("verificationMaterial");
    if (!material.isObject()) throw new SignatureFormatException("verificationMaterial is missing");
    only(material, "verificationMaterial", "publicKey", "x509CertificateChain", "certificate", "tlogEntries", "timestampVerificationData");
    String hint = null;
    List<X509Certificate> certs = new ArrayList<>();
    int kinds = 0;
    if (material.has("publicKey")) {
      kinds++;
      JsonNode pk = material.get("publicKey");
      only(pk, "publicKey", "hint", "rawBytes", "keyDetails");
      String h = pk.path("hint").asText("");
      hint = h.isEmpty() ? null : h;
    }
    if (material.has("x509CertificateChain")) {
      kinds++;
      JsonNode chain = material.get("x509CertificateChain");
      only(chain, "x509CertificateChain", "certificates");
      for (JsonNode c : chain.path("certificates")) certs.add(certificate(c));
      if (certs.isEmpty()) throw new SignatureFormatException("x509CertificateChain has no certificates");
    }
    if (material.has("certificate")) {
      kinds++;
      certs.add(certificate(material.get("certificate")));
    }
    if (kinds != 1)
      throw new SignatureFormatException("verificationMaterial must hold exactly one of publicKey, x509CertificateChain, certificate");
    JsonNode env = root.path("dsseEnvelope");
    if (!env.isObject())
      throw new SignatureFormatException("no dsseEnvelope: only DSSE signatures (as written by model_signing) are supported");
    only(env, "dsseEnvelope", "payload", "payloadType", "signatures");
    byte[] payload = base64(env.path("payload"), "dsseEnvelope.payload");
    if (payload.length > Statement.MAX_PAYLOAD_BYTES) throw new SignatureFormatException("the signed payload is too large");
    JsonNode sigs = env.path("signatures");
    if (!sigs.isArray() || sigs.size() != 1)
      throw new SignatureFormatException("dsseEnvelope.signatures must hold exactly one signature");
    only(sigs.get(0), "signature", "sig", "keyid");
    byte[] sig = base64(sigs.get(0).path("sig"), "dsseEnvelope.signatures[0].sig");
    return new Bundle(mediaType, hint, certs, payload, env.path("payloadType").asText(""), sig);
  }

  /** Compact JSON with the field order the reference tool writes, no trailing newline. */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", mediaType);
    ObjectNode material = root.putObject("verificationMaterial");
    if (certificates.isEmpty()) {
      material.putObject("publicKey").put("hint", keyHint);
    } else {
      ArrayNode list = material.putObject("x509CertificateChain").putArray("certificates");
      for (X509Certificate c : certificates) {
        try {
          list.addObject().put("rawBytes", Base64.getEncoder().encodeToString(c.getEncoded()));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(), e);
        }
      }
    }
    material.putArray("tlogEntries");
    ObjectNode env = root.putObject("dsseEnvelope");
    env.put("payload", Base64.getEncoder().encodeToString(payload));
    env.put("payloadType", payloadType);
    ObjectNode s = env.putArray("signatures").addObject();
    s.put("sig", Base64.getEncoder().encodeToString(signature));
    s.put("keyid", "");
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static X509Certificate certificate(JsonNode c) throws SignatureFormatException {
    only(c, "certificate", "rawBytes");
    byte[] der = base64(c.path("rawBytes"), "certificate rawBytes");
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new SignatureFormatException("a certificate in the signature cannot be parsed: " + e.getMessage());
    }
  }

  private static byte[] base64(JsonNode n, String what) throws SignatureFormatException {
    if (!n.isTextual() || n.asText().isEmpty()) throw new SignatureFormatException(what + " is missing");
    String s = n.asText();
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(s); // protobuf JSON also accepts the URL-safe alphabet
      } catch (IllegalArgumentException e2) {
        throw new SignatureFormatException(what + " is not valid base64");
      }
    }
  }

  private static void only(JsonNode node, String where, String... allowed) throws SignatureFormatException {
    if (!node.isObject()) throw new SignatureFormatException(where + " is not a JSON object");
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) throw new SignatureFormatException("unknown field '" + f + "' in " + where);
    }
  }
}
