package io.shomei.examples.web;

import io.shomei.core.DownloadTicketInfo;
import io.shomei.core.LoginResult;
import io.shomei.core.PasswordProof;
import io.shomei.core.PendingLogin;
import io.shomei.core.identity.CertificateSummary;
import io.shomei.examples.web.http.Session;
import io.shomei.examples.web.http.SessionCodec;
import io.shomei.spi.AccountKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The session attributes of {@link State} as bytes for the sessions the nodes share: a version
 * byte, then each field in a fixed order ({@link DataOutputStream}). The SDK's pending login and
 * password proof are written with Java serialization, which they support for this (they carry the
 * SDK's seal, checked at their next use), and read back through a filter that admits only their
 * own classes: a row is never a way to make the JVM build arbitrary objects.
 */
final class StateCodec implements SessionCodec {
  private static final int VERSION = 1;

  /** Exactly the classes of a serialized pending login or password proof, nothing else. */
  private static final ObjectInputFilter SDK_VALUES = ObjectInputFilter.Config.createFilter(
      "maxdepth=6;maxrefs=64;maxbytes=8192;maxarray=512;"
          + "io.shomei.core.PendingLogin;io.shomei.core.PasswordProof;java.math.BigInteger;"
          + "java.lang.Number;java.time.Ser;java.time.Instant;!*");

  private static final Map<String, Session.Key<?>> KEYS = Map.of(
      State.JOB.name(), State.JOB,
      State.TICKET.name(), State.TICKET,
      State.PENDING.name(), State.PENDING,
      State.REFUSED.name(), State.REFUSED,
      State.SIGNED_IN.name(), State.SIGNED_IN);

  @Override
  public Session.@Nullable Key<?> key(String name) {
    return KEYS.get(name);
  }

  @Override
  public byte[] encode(Session.Key<?> key, Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      if (value instanceof State.Job j) {
        out.writeUTF(j.service());
        out.writeUTF(j.userId());
        instant(out, j.startedAt());
      } else if (value instanceof State.Ticket t) {
        out.writeUTF(t.service());
        out.writeUTF(t.userId());
        out.writeUTF(t.info().id());
        instant(out, t.info().expiresAt());
        out.writeInt(t.info().downloadsLeft());
        summary(out, t.certificate());
        out.writeBoolean(t.renewed());
      } else if (value instanceof State.Pending p) {
        out.writeUTF(p.service());
        serialized(out, p.pending());
        summary(out, p.certificate());
        nullable(out, p.unusableFrom(), StateCodec::instant);
        LoginResult.ChangeRequired.Reason reason = p.changeRequired();
        nullable(out, reason == null ? null : reason.name(), DataOutputStream::writeUTF);
        nullable(out, p.proof(), StateCodec::serialized);
      } else if (value instanceof State.Refused r) {
        out.writeUTF(r.service());
        out.writeUTF(r.userId());
        out.writeUTF(r.notice().kind().name());
        out.writeUTF(r.notice().text());
        nullable(out, r.notice().href(), DataOutputStream::writeUTF);
        nullable(out, r.notice().linkText(), DataOutputStream::writeUTF);
        strings(out, r.notice().items());
      } else if (value instanceof State.SignedIn s) {
        LoginResult.Authenticated a = s.authenticated();
        out.writeUTF(s.service());
        out.writeUTF(a.account().userId());
        out.writeUTF(a.account().service());
        summary(out, a.certificate());
        instant(out, a.authenticatedAt());
        nullable(out, a.previousLoginAt(), StateCodec::instant);
        out.writeBoolean(a.passwordChanged());
        nullable(out, a.certificateUnusableFrom(), StateCodec::instant);
        out.writeBoolean(s.changeNoticeShown());
      } else {
        throw new IllegalArgumentException("no encoding for " + key.name());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(Session.Key<?> key, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readUnsignedByte() != VERSION) {
        throw new IllegalArgumentException("unknown encoding of " + key.name());
      }
      Object value;
      if (key.equals(State.JOB)) {
        value = new State.Job(in.readUTF(), in.readUTF(), instant(in));
      } else if (key.equals(State.TICKET)) {
        String service = in.readUTF();
        String userId = in.readUTF();
        DownloadTicketInfo info = new DownloadTicketInfo(in.readUTF(), instant(in), in.readInt());
        CertificateSummary certificate = summary(in);
        value = new State.Ticket(service, userId, info, certificate, in.readBoolean());
      } else if (key.equals(State.PENDING)) {
        String service = in.readUTF();
        PendingLogin pending = serialized(in, PendingLogin.class);
        CertificateSummary certificate = summary(in);
        Instant unusableFrom = nullable(in, StateCodec::instant);
        String reason = nullable(in, DataInput::readUTF);
        PasswordProof proof = nullable(in, i -> serialized(i, PasswordProof.class));
        value = new State.Pending(service, pending, certificate, unusableFrom,
            reason == null ? null : LoginResult.ChangeRequired.Reason.valueOf(reason), proof);
      } else if (key.equals(State.REFUSED)) {
        String service = in.readUTF();
        String userId = in.readUTF();
        Notice.Kind kind = Notice.Kind.valueOf(in.readUTF());
        String text = in.readUTF();
        value = new State.Refused(service, userId, new Notice(kind, text,
            nullable(in, DataInput::readUTF), nullable(in, DataInput::readUTF),
            strings(in)));
      } else if (key.equals(State.SIGNED_IN)) {
        String service = in.readUTF();
        AccountKey account = new AccountKey(in.readUTF(), in.readUTF());
        CertificateSummary certificate = summary(in);
        Instant at = instant(in);
        Instant previous = nullable(in, StateCodec::instant);
        boolean changed = in.readBoolean();
        Instant unusable = nullable(in, StateCodec::instant);
        value = new State.SignedIn(service, new LoginResult.Authenticated(account, certificate,
            at, previous, changed, unusable), in.readBoolean());
      } else {
        throw new IllegalArgumentException("no encoding for " + key.name());
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("trailing bytes in " + key.name());
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot decode " + key.name(), e);
    }
  }

  private interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static <T> void nullable(DataOutputStream out, @Nullable T value, Writer<T> writer)
      throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writer.write(out, value);
    }
  }

  private static <T> @Nullable T nullable(DataInputStream in, Reader<T> reader)
      throws IOException {
    return in.readBoolean() ? reader.read(in) : null;
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static void strings(DataOutputStream out, List<String> values) throws IOException {
    out.writeShort(values.size());
    for (String v : values) {
      out.writeUTF(v);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    if (n > 256) {
      throw new IOException("too many items");
    }
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(in.readUTF());
    }
    return values;
  }

  private static void summary(DataOutputStream out, CertificateSummary c) throws IOException {
    nullable(out, c.commonName(), DataOutputStream::writeUTF);
    out.writeUTF(c.issuer());
    out.writeUTF(c.serialHex());
    instant(out, c.notBefore());
    instant(out, c.notAfter());
    out.writeUTF(c.zone().getId());
    out.writeUTF(c.sha256Fingerprint());
    strings(out, c.policyOids());
  }

  private static CertificateSummary summary(DataInputStream in) throws IOException {
    String cn = nullable(in, DataInput::readUTF);
    String issuer = in.readUTF();
    String serial = in.readUTF();
    Instant notBefore = instant(in);
    Instant notAfter = instant(in);
    ZoneId zone = ZoneId.of(in.readUTF());
    String fingerprint = in.readUTF();
    return new CertificateSummary(cn, issuer, serial, notBefore, notAfter, zone, fingerprint,
        strings(in));
  }

  private static void serialized(DataOutputStream out, Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(value);
    }
    out.writeShort(bytes.size());
    bytes.writeTo(out);
  }

  private static <T> T serialized(DataInputStream in, Class<T> type) throws IOException {
    byte[] bytes = new byte[in.readUnsignedShort()];
    in.readFully(bytes);
    try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      o.setObjectInputFilter(SDK_VALUES);
      return type.cast(o.readObject());
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException("not a " + type.getSimpleName(), e);
    }
  }

  @Override
  public String toString() {
    return "StateCodec[" + KEYS.keySet() + "]";
  }
}
