package io.modelvet.integrity.signing;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Certificate-method trust, as the reference tool applies it: the leaf (first bundle certificate)
 * must chain through the other bundle certificates to a <em>self-signed root</em> among the given
 * trust anchors (an intermediate alone is not enough), checked at the leaf's notBefore time; then
 * the leaf must allow signing (KeyUsage digitalSignature, or else ExtendedKeyUsage codeSigning).
 */
final class CertificateChains {
  private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

  private CertificateChains() {}

  /** Validates the chain and returns the leaf's public key. */
  static PublicKeyInfo validate(List<X509Certificate> bundleChain, List<X509Certificate> anchors)
      throws GeneralSecurityException {
    X509Certificate leaf = bundleChain.get(0);
    Set<TrustAnchor> roots = new HashSet<>();
    List<X509Certificate> untrusted = new ArrayList<>(bundleChain.subList(1, bundleChain.size()));
    for (X509Certificate c : anchors.isEmpty() ? systemRoots() : anchors) {
      if (selfSigned(c)) roots.add(new TrustAnchor(c, null));
      else untrusted.add(c); // like OpenSSL without partial chains: only a root ends a chain
    }
    if (roots.isEmpty())
      throw new GeneralSecurityException("no self-signed root certificate among the trust anchors; give the root CA with --certificate-chain");
    X509CertSelector target = new X509CertSelector();
    target.setCertificate(leaf);
    PKIXBuilderParameters params = new PKIXBuilderParameters(roots, target);
    params.setRevocationEnabled(false);
    params.setDate(leaf.getNotBefore());
    params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(untrusted)));
    try {
      CertPathBuilder.getInstance("PKIX").build(params);
    } catch (CertPathBuilderException e) {
      throw new GeneralSecurityException(
          "the signing certificate (" + leaf.getSubjectX500Principal().getName()
              + ") does not chain to a trusted root certificate: " + e.getMessage());
    }
    boolean[] usage = leaf.getKeyUsage();
    boolean digitalSignature = usage != null && usage.length > 0 && usage[0];
    List<String> eku = leaf.getExtendedKeyUsage();
    if (!digitalSignature && (eku == null || !eku.contains(CODE_SIGNING)))
      throw new UnsupportedKeyException(
          "the signing certificate cannot be used for signing: its KeyUsage lacks digitalSignature and its ExtendedKeyUsage lacks codeSigning");
    return PemKeys.keyOf(leaf);
  }

  private static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) return false;
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> systemRoots() throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    List<X509Certificate> out = new ArrayList<>();
    for (TrustManager tm : tmf.getTrustManagers())
      if (tm instanceof X509TrustManager x) out.addAll(List.of(x.getAcceptedIssuers()));
    return out;
  }
}
