package io.shomei.core.forwarded;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Set;

/**
 * Which peers may forward a certificate: literal addresses and CIDR blocks (IPv4 and IPv6, parsed
 * without any name lookup), and/or the SHA-256 fingerprints of the proxies' own TLS client
 * certificates. When both are configured, a peer must satisfy both.
 */
final class TrustedPeers {
  /** An address block: the network's bytes and the prefix length. */
  static final class Block {
    private final byte[] network;
    private final int prefix;

    Block(byte[] network, int prefix) {
      this.network = network.clone();
      this.prefix = prefix;
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (b[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Block> blocks;
  private final Set<String> fingerprints;

  TrustedPeers(List<Block> blocks, Set<String> fingerprints) {
    this.blocks = List.copyOf(blocks);
    this.fingerprints = Set.copyOf(fingerprints);
  }

  boolean trusts(InetAddress peer, List<? extends Certificate> peerCertificates) {
    if (!blocks.isEmpty() && blocks.stream().noneMatch(b -> b.contains(peer))) {
      return false;
    }
    if (!fingerprints.isEmpty()) {
      if (peerCertificates.isEmpty()) {
        return false;
      }
      try {
        return fingerprints.contains(sha256(peerCertificates.get(0).getEncoded()));
      } catch (CertificateEncodingException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses {@code 192.0.2.10}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}: literals only.
   *
   * @throws IllegalArgumentException for anything else (a host name is never looked up)
   */
  static Block parse(String spec) {
    String s = spec.strip();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(addr);
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not a prefix length: " + spec);
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        throw new IllegalArgumentException("prefix longer than the address: " + spec);
      }
    }
    return new Block(bytes, prefix);
  }

  private static byte[] literal(String addr) {
    boolean v4 = !addr.isEmpty() && addr.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    boolean v6 = addr.indexOf(':') >= 0 && addr.chars().allMatch(
        c -> (Character.digit(c, 16) >= 0 && c < 0x80) || c == ':' || c == '.');
    if (v4) {
      String[] parts = addr.split("\\.", -1);
      if (parts.length != 4) {
        throw new IllegalArgumentException("not an IPv4 address: " + addr);
      }
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty() || parts[i].length() > 3) {
          throw new IllegalArgumentException("not an IPv4 address: " + addr);
        }
        int n = Integer.parseInt(parts[i]);
        if (n > 255) {
          throw new IllegalArgumentException("not an IPv4 address: " + addr);
        }
        b[i] = (byte) n;
      }
      return b;
    }
    if (v6) {
      try {
        // a literal with ':' is parsed, never looked up; ::ffff:a.b.c.d comes back as IPv4
        return InetAddress.getByName(addr).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IPv6 address: " + addr, e);
      }
    }
    throw new IllegalArgumentException("not an IP address or CIDR block (no names): " + addr);
  }

  static String sha256(byte[] der) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
