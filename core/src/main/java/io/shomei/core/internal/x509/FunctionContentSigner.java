package io.shomei.core.internal.x509;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A Bouncy Castle {@link ContentSigner} that collects the bytes to sign and hands them to a signing
 * function, typically {@code KeyCustody::sign}. One instance signs one structure; not thread-safe.
 */
public final class FunctionContentSigner implements ContentSigner {

  /** Signs bytes with a JCA-named algorithm. */
  @FunctionalInterface
  public interface SignFunction {
    /**
     * Signs.
     *
     * @param jcaAlgorithm the JCA signature algorithm name
     * @param data the bytes to sign
     * @return the signature
     */
    byte[] sign(String jcaAlgorithm, byte[] data);
  }

  private final String jcaAlgorithm;
  private final AlgorithmIdentifier algorithmIdentifier;
  private final SignFunction function;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

  /**
   * Creates a signer.
   *
   * @param jcaAlgorithm JCA signature algorithm name, for example {@code SHA256withECDSA}
   * @param function the signing function
   */
  public FunctionContentSigner(String jcaAlgorithm, SignFunction function) {
    this.jcaAlgorithm = jcaAlgorithm;
    this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(jcaAlgorithm);
    this.function = function;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return algorithmIdentifier;
  }

  @Override
  public OutputStream getOutputStream() {
    return buffer;
  }

  @Override
  public byte[] getSignature() {
    return function.sign(jcaAlgorithm, buffer.toByteArray());
  }
}
