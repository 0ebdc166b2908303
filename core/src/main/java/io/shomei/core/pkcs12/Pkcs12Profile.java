package io.shomei.core.pkcs12;

/**
 * Which algorithms protect a PKCS#12 file. Both put the private key in a shrouded key bag (in a
 * plain {@code Data} safe) and the leaf and CA certificates in one encrypted safe, the layout
 * OpenSSL 3 writes. Neither uses RC2-40 (OpenSSL 3 and curl refuse it without {@code -legacy}) or
 * PBMAC1 (no mainstream consumer reads it yet).
 *
 * <table>
 *   <caption>Which consumer imports which profile</caption>
 *   <tr><th>consumer</th><th>COMPAT</th><th>MODERN</th></tr>
 *   <tr><td>OpenSSL 3 (without {@code -legacy}), curl</td><td>yes (tested)</td><td>yes (tested)</td></tr>
 *   <tr><td>NSS ({@code pk12util}, Firefox)</td><td>yes (tested)</td><td>yes (tested)</td></tr>
 *   <tr><td>GnuTLS ({@code certtool})</td><td>yes (tested)</td><td>yes (tested)</td></tr>
 *   <tr><td>JDK 17 {@code KeyStore}/{@code keytool}</td><td>yes (tested)</td>
 *       <td>yes (tested; Java 8u301 / 11.0.12 and later)</td></tr>
 *   <tr><td>Windows import wizard, .NET</td><td>every version</td>
 *       <td>Windows 10 1709+ and Server 2019+ only; older Windows reports a wrong password</td></tr>
 *   <tr><td>macOS Keychain</td><td>yes</td><td>not on macOS 14 and older ("MAC verification
 *       failed")</td></tr>
 * </table>
 *
 * <p>The Windows and macOS rows come from vendor documentation and issue reports, not from tests.
 *
 * @since 0.1.0
 */
public enum Pkcs12Profile {
  /**
   * The default, for a file a person double-clicks on Windows or macOS: key and certificates with
   * PBEWithSHAAnd3-KeyTripleDES-CBC (PKCS#12 KDF, SHA-1, 20-byte salts), MAC HMAC-SHA1 (20-byte
   * salt). With a high-entropy one-time password the password, not the cipher, carries the
   * security.
   */
  COMPAT,
  /**
   * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for key and certificates (8-byte salts), MAC
   * HMAC-SHA256 (8-byte salt): the shape {@code openssl pkcs12 -export} writes. For machine
   * consumers, or a policy that forbids 3DES and SHA-1.
   */
  MODERN
}
