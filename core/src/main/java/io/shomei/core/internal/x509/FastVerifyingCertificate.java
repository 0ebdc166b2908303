package io.shomei.core.internal.x509;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * A presented certificate as {@link ChainValidator} hands it to the JDK's PKIX validator: every
 * method answers as the certificate itself does, except that {@link #verify(PublicKey)} and
 * {@link #verify(PublicKey, String)} without a provider name (the call the JDK's PKIX signature
 * check makes) first let {@link EcdsaFastPath} try, and ask the certificate itself when that did
 * not verify. So the PKIX validator makes every check it makes on
 * the certificate itself (anchors, validity, name chaining, basic constraints, key usage, name
 * constraints, policies, algorithm constraints), and the signature verdict is the JDK's; only a
 * signature Bouncy Castle verified costs less.
 *
 * <p>Never leaves the validator: {@link ChainValidator.Outcome.Valid#path()} holds the presented
 * objects.
 */
final class FastVerifyingCertificate extends X509Certificate {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // never serialized: lives for one validation
  private final X509Certificate certificate;
  @SuppressWarnings("serial")
  private final EcdsaFastPath fastPath;

  FastVerifyingCertificate(X509Certificate certificate, EcdsaFastPath fastPath) {
    this.certificate = certificate;
    this.fastPath = fastPath;
  }

  @Override
  public void verify(PublicKey key) throws CertificateException, NoSuchAlgorithmException,
      InvalidKeyException, NoSuchProviderException, SignatureException {
    if (!fastPath.verified(certificate, key)) {
      certificate.verify(key);
    }
  }

  @Override
  public void verify(PublicKey key, @Nullable String sigProvider) throws CertificateException,
      NoSuchAlgorithmException, InvalidKeyException, NoSuchProviderException, SignatureException {
    // The JDK's PKIX signature check calls this, with null: "the default providers"
    if (sigProvider != null || !fastPath.verified(certificate, key)) {
      certificate.verify(key, sigProvider);
    }
  }

  @Override
  public void verify(PublicKey key, Provider sigProvider) throws CertificateException,
      NoSuchAlgorithmException, InvalidKeyException, SignatureException {
    certificate.verify(key, sigProvider);
  }

  @Override
  public byte[] getEncoded() throws CertificateEncodingException {
    return certificate.getEncoded();
  }

  @Override
  public String toString() {
    return certificate.toString();
  }

  @Override
  public PublicKey getPublicKey() {
    return certificate.getPublicKey();
  }

  @Override
  public boolean hasUnsupportedCriticalExtension() {
    return certificate.hasUnsupportedCriticalExtension();
  }

  @Override
  public @Nullable Set<String> getCriticalExtensionOIDs() {
    return certificate.getCriticalExtensionOIDs();
  }

  @Override
  public @Nullable Set<String> getNonCriticalExtensionOIDs() {
    return certificate.getNonCriticalExtensionOIDs();
  }

  @Override
  public byte @Nullable [] getExtensionValue(String oid) {
    return certificate.getExtensionValue(oid);
  }

  @Override
  public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
    certificate.checkValidity();
  }

  @Override
  public void checkValidity(Date date)
      throws CertificateExpiredException, CertificateNotYetValidException {
    certificate.checkValidity(date);
  }

  @Override
  public int getVersion() {
    return certificate.getVersion();
  }

  @Override
  public BigInteger getSerialNumber() {
    return certificate.getSerialNumber();
  }

  @Override
  @SuppressWarnings("deprecation") // the JDK's PKIX code may still call it; answered as is
  public Principal getIssuerDN() {
    return certificate.getIssuerDN();
  }

  @Override
  @SuppressWarnings("deprecation")
  public Principal getSubjectDN() {
    return certificate.getSubjectDN();
  }

  @Override
  public X500Principal getIssuerX500Principal() {
    return certificate.getIssuerX500Principal();
  }

  @Override
  public X500Principal getSubjectX500Principal() {
    return certificate.getSubjectX500Principal();
  }

  @Override
  public Date getNotBefore() {
    return certificate.getNotBefore();
  }

  @Override
  public Date getNotAfter() {
    return certificate.getNotAfter();
  }

  @Override
  public byte[] getTBSCertificate() throws CertificateEncodingException {
    return certificate.getTBSCertificate();
  }

  @Override
  public byte[] getSignature() {
    return certificate.getSignature();
  }

  @Override
  public String getSigAlgName() {
    return certificate.getSigAlgName();
  }

  @Override
  public String getSigAlgOID() {
    return certificate.getSigAlgOID();
  }

  @Override
  public byte @Nullable [] getSigAlgParams() {
    return certificate.getSigAlgParams();
  }

  @Override
  public boolean @Nullable [] getIssuerUniqueID() {
    return certificate.getIssuerUniqueID();
  }

  @Override
  public boolean @Nullable [] getSubjectUniqueID() {
    return certificate.getSubjectUniqueID();
  }

  @Override
  public boolean @Nullable [] getKeyUsage() {
    return certificate.getKeyUsage();
  }

  @Override
  public @Nullable List<String> getExtendedKeyUsage() throws CertificateParsingException {
    return certificate.getExtendedKeyUsage();
  }

  @Override
  public int getBasicConstraints() {
    return certificate.getBasicConstraints();
  }

  @Override
  public @Nullable Collection<List<?>> getSubjectAlternativeNames()
      throws CertificateParsingException {
    return certificate.getSubjectAlternativeNames();
  }

  @Override
  public @Nullable Collection<List<?>> getIssuerAlternativeNames()
      throws CertificateParsingException {
    return certificate.getIssuerAlternativeNames();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof FastVerifyingCertificate f
        ? certificate.equals(f.certificate) : certificate.equals(other);
  }

  @Override
  public int hashCode() {
    return certificate.hashCode();
  }
}
