package io.shomei.core.custody;

import io.shomei.spi.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Base64;

/**
 * Run in a fresh JVM by {@link Pkcs11KeyCustodyTest}: opens the CA key persisted in the token by
 * another JVM and signs a probe. Arguments: config path, alias, algorithm; the PIN arrives on stdin.
 */
public final class Pkcs11ReloadMain {
  private Pkcs11ReloadMain() {}

  /**
   * Entry point.
   *
   * @param args config path, alias, algorithm
   * @throws Exception on any failure (the parent sees a non-zero exit code)
   */
  public static void main(String[] args) throws Exception {
    String pin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))
        .readLine();
    Pkcs11KeyCustody custody = Pkcs11KeyCustody.open(Path.of(args[0]), Secret.of(pin), args[1]);
    byte[] sig = custody.sign(args[2], "reload probe".getBytes(StandardCharsets.US_ASCII));
    System.out.println("SIGNATURE=" + Base64.getEncoder().encodeToString(sig));
    System.out.println("CERT=" + Base64.getEncoder().encodeToString(
        custody.certificate().getEncoded()));
    Provider p = Security.getProvider("SunPKCS11").configure(args[0]);
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, pin.toCharArray());
    Key k = ks.getKey(args[1], null);
    System.out.println("ENCODED_NULL=" + (k.getEncoded() == null));
  }
}
