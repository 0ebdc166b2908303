package io.shomei.core.eligibility;

import io.shomei.core.eligibility.RuleFileException.Problem;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.RevocationReason;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parser of the rule file format {@code shomei-rules 1}. Collects every problem, then either
 * returns every rule or throws; never a partial result. The format is documented in
 * {@code examples/rules/README.md}.
 */
final class RuleFileParser {
  /** The header line every file starts with (after comments and blank lines). */
  public static final String HEADER = "shomei-rules 1";

  private static final Pattern SECTION = Pattern.compile("\\[\\s*([a-z]+)\\s+(\\S+)\\s*]");
  private static final Pattern FIELD =
      Pattern.compile("([a-z][a-z0-9-]*)\\s*(<=|>=|=|<|>)\\s*(.*)");
  private static final Pattern ZONED_DATE =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\[([^\\]]+)])?");
  private static final int MAX_DAYS = 36_500;

  /** Problems collected before the parser gives up on a file (bounded work for junk input). */
  public static final int MAX_PROBLEMS = 100;

  private static final Set<String> SELECTOR_FIELDS = Set.of("service", "status", "validity-start",
      "validity-end", "issuer-dn", "issuer-key-id", "policy", "key-algorithm", "key-size",
      "signature-algorithm", "key-policy");
  private static final Set<String> RANGE_FIELDS = Set.of("validity-start", "validity-end",
      "key-size");
  private static final Set<String> COMMON_FIELDS = Set.of("explanation-code", "explanation-url");
  private static final Set<String> CAMPAIGN_FIELDS = Set.of("unusable-from", "reacquire-from",
      "reacquire-until", "advise-until", "revocation-reason", "proof-after-unusable");
  private static final Set<String> RENEWAL_FIELDS = Set.of("renew-before-days", "grace-days");

  private final String source;
  private final List<Problem> problems = new ArrayList<>();
  private @Nullable ZoneId zone;

  private RuleFileParser(String source) {
    this.source = source;
  }

  /**
   * Parses a whole file.
   *
   * @param text the content
   * @param source the name for messages
   * @return the rules, in file order
   * @throws RuleFileException listing every problem, if there is any
   */
  public static List<Rule> parse(String text, String source) {
    return new RuleFileParser(source).run(text);
  }

  private record Field(int line, String op, String value) {}

  private static final class Section {
    final int line;
    final String kind;
    final String id;
    final Map<String, List<Field>> fields = new LinkedHashMap<>();

    Section(int line, String kind, String id) {
      this.line = line;
      this.kind = kind;
      this.id = id;
    }
  }

  private List<Rule> run(String text) {
    String[] lines = text.split("\r\n|\n|\r", -1);
    boolean headerSeen = false;
    Section current = null;
    List<Section> sections = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.length; i++) {
      int no = i + 1;
      if (problems.size() >= MAX_PROBLEMS) {
        problems.add(new Problem(no, "", "more than " + MAX_PROBLEMS
            + " problems: stopped reading at this line"));
        sections.clear(); // not built: the file is refused anyway
        break;
      }
      String line = lines[i].strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!headerSeen) {
        if (!line.equals(HEADER)) {
          problems.add(new Problem(no, "", "the file must start with the line '" + HEADER + "'"));
          break;
        }
        headerSeen = true;
        continue;
      }
      if (line.startsWith("[")) {
        Matcher m = SECTION.matcher(line);
        if (!m.matches()) {
          problems.add(new Problem(no, "", "a section header reads [campaign <id>] or [renewal <id>]"));
          current = null;
          continue;
        }
        String kind = m.group(1);
        String id = m.group(2);
        if (!kind.equals("campaign") && !kind.equals("renewal")) {
          problems.add(new Problem(no, "", "unknown rule kind '" + kind
              + "': expected campaign or renewal"));
        }
        try {
          Names.requireIdentifier("rule id", id);
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(no, "", String.valueOf(e.getMessage())));
        }
        if (!ids.add(id)) {
          problems.add(new Problem(no, "", "duplicate rule id '" + id + "'"));
        }
        current = new Section(no, kind, id);
        sections.add(current);
        continue;
      }
      Matcher m = FIELD.matcher(line);
      if (!m.matches()) {
        problems.add(new Problem(no, "", "expected 'field = value', 'field <= value' or a section"
            + " header, found: " + abbreviate(line)));
        continue;
      }
      String name = m.group(1);
      String op = m.group(2);
      String value = m.group(3).strip();
      if (current == null) {
        if (name.equals("zone") && op.equals("=")) {
          if (zone != null) {
            problems.add(new Problem(no, name, "zone is set twice"));
          }
          try {
            zone = ZoneId.of(value);
          } catch (DateTimeException e) {
            problems.add(new Problem(no, name, "unknown time zone '" + value + "'"));
          }
        } else {
          problems.add(new Problem(no, name, "only 'zone = ...' may come before the first rule"));
        }
        continue;
      }
      if (!allowed(current.kind, name)) {
        problems.add(new Problem(no, name, "unknown field for a " + current.kind + " rule"));
        continue;
      }
      if (value.isEmpty()) {
        problems.add(new Problem(no, name, "empty value"));
        continue;
      }
      boolean range = RANGE_FIELDS.contains(name);
      if (!range && !op.equals("=")) {
        problems.add(new Problem(no, name, "takes '=', not '" + op + "'"));
        continue;
      }
      List<Field> existing = current.fields.computeIfAbsent(name, k -> new ArrayList<>());
      if (!range && !existing.isEmpty()) {
        problems.add(new Problem(no, name, "given twice (first on line " + existing.get(0).line
            + ")"));
        continue;
      }
      existing.add(new Field(no, op, value));
    }
    if (!headerSeen && problems.isEmpty()) {
      problems.add(new Problem(0, "", "empty file: the first line must be '" + HEADER + "'"));
    }
    List<Rule> rules = new ArrayList<>();
    for (Section s : sections) {
      Rule r = build(s);
      if (r != null) {
        rules.add(r);
      }
    }
    if (!problems.isEmpty()) {
      problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
      throw new RuleFileException(source, problems, null);
    }
    return List.copyOf(rules);
  }

  private static boolean isIdentifier(String id) {
    try {
      Names.requireIdentifier("rule id", id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean allowed(String kind, String name) {
    return SELECTOR_FIELDS.contains(name) || COMMON_FIELDS.contains(name)
        || (kind.equals("campaign") && CAMPAIGN_FIELDS.contains(name))
        || (kind.equals("renewal") && RENEWAL_FIELDS.contains(name));
  }

  private @Nullable Rule build(Section s) {
    int before = problems.size();
    // an invalid id was reported with the section header (before this count): never build the
    // rule then, or its constructor would throw past the "every problem, or every rule" contract
    boolean validId = isIdentifier(s.id);
    CertificateSelector.Builder sel = CertificateSelector.builder();
    String kindName = s.kind;
    for (Map.Entry<String, List<Field>> e : s.fields.entrySet()) {
      String name = e.getKey();
      List<Field> fs = e.getValue();
      Field f = fs.get(0);
      try {
        switch (name) {
          case "service" -> sel.services(list(f.value));
          case "status" -> sel.statuses(statuses(f));
          case "validity-start" -> sel.validityStart(timeRange(name, fs));
          case "validity-end" -> sel.validityEnd(timeRange(name, fs));
          case "issuer-dn" -> {
            Names.requireDistinguishedName(f.value);
            sel.issuerDn(f.value);
          }
          case "issuer-key-id" -> sel.issuerKeyId(f.value.replace(":", ""));
          case "policy" -> {
            List<String> oids = list(f.value);
            oids.forEach(Names::requireOid);
            sel.policyOids(oids.toArray(new String[0]));
          }
          case "key-algorithm" -> {
            if (!CertificateSelector.KEY_ALGORITHMS.contains(f.value)) {
              throw new IllegalArgumentException("expected one of RSA, EC, DSA, Ed25519, Ed448");
            }
            sel.keyAlgorithm(f.value);
          }
          case "key-size" -> {
            int[] r = keySizes(name, fs);
            sel.keySizes(r[0], r[1]);
          }
          case "key-policy" -> {
            if (!f.value.equals("refused")) {
              throw new IllegalArgumentException("expected 'refused'");
            }
            sel.keyRefusedByPolicy();
          }
          case "signature-algorithm" -> {
            List<String> algs = list(f.value);
            algs.forEach(Names::signatureAlgorithmOid);
            sel.signatureAlgorithms(algs.toArray(new String[0]));
          }
          default -> { }
        }
      } catch (IllegalArgumentException | DateTimeException ex) {
        problems.add(new Problem(ex instanceof LineException le ? le.line : f.line, name,
            String.valueOf(ex.getMessage())));
      }
    }
    CertificateSelector selector = null;
    if (problems.size() == before) {
      try {
        selector = sel.build();
      } catch (IllegalArgumentException ex) {
        problems.add(new Problem(s.line, "", String.valueOf(ex.getMessage())));
      }
    }
    String code = required(s, "explanation-code");
    if (code != null) {
      check(s, "explanation-code", () -> Names.requireIdentifier("explanation-code", code));
    }
    URI url = null;
    Field uf = one(s, "explanation-url");
    if (uf != null) {
      try {
        url = new URI(uf.value);
        if (!url.isAbsolute() || url.getHost() == null
            || !Set.of("http", "https").contains(String.valueOf(url.getScheme())
                .toLowerCase(Locale.ROOT))) {
          problems.add(new Problem(uf.line, "explanation-url", "not an absolute http(s) URL"));
        }
      } catch (URISyntaxException ex) {
        problems.add(new Problem(uf.line, "explanation-url", "not a URL: " + ex.getReason()));
      }
    }
    Rule rule = null;
    if (kindName.equals("campaign")) {
      Instant unusable = instantField(s, "unusable-from", true, false);
      Instant from = instantField(s, "reacquire-from", true, false);
      Instant until = instantField(s, "reacquire-until", false, true);
      if (from != null && until != null && until.isBefore(from)) {
        Field f = one(s, "reacquire-until");
        problems.add(new Problem(f == null ? s.line : f.line, "reacquire-until",
            "is before reacquire-from"));
      }
      Instant advised = instantField(s, "advise-until", false, true);
      if (advised != null && from != null && advised.isBefore(from)) {
        Field f = one(s, "advise-until");
        problems.add(new Problem(f == null ? s.line : f.line, "advise-until",
            "is before reacquire-from"));
      } else if (advised != null && until != null && advised.isAfter(until)) {
        Field f = one(s, "advise-until");
        problems.add(new Problem(f == null ? s.line : f.line, "advise-until",
            "is after reacquire-until"));
      }
      RevocationReason revocation = revocationReason(s);
      boolean proof = proofAfterUnusable(s);
      if (validId && problems.size() == before && selector != null && code != null
          && unusable != null && from != null) {
        rule = new ReacquisitionRule(s.id, selector, unusable, from, until, code, url, advised,
            revocation, proof);
      }
    } else if (kindName.equals("renewal")) {
      Integer renewBefore = days(s, "renew-before-days", true);
      Integer grace = days(s, "grace-days", false);
      if (validId && problems.size() == before && selector != null && code != null
          && renewBefore != null) {
        rule = new RenewalRule(s.id, selector, Duration.ofDays(renewBefore),
            grace == null ? null : Duration.ofDays(grace), code, url);
      }
    }
    return rule;
  }

  /** The RFC 5280 names a campaign may give as its revocation reason. */
  private static final Map<String, RevocationReason> REVOCATION_REASONS = Map.of(
      "superseded", RevocationReason.SUPERSEDED,
      "cessationOfOperation", RevocationReason.CESSATION_OF_OPERATION,
      "affiliationChanged", RevocationReason.AFFILIATION_CHANGED,
      "privilegeWithdrawn", RevocationReason.PRIVILEGE_WITHDRAWN);

  private @Nullable RevocationReason revocationReason(Section s) {
    Field f = one(s, "revocation-reason");
    if (f == null) {
      return null;
    }
    RevocationReason r = REVOCATION_REASONS.get(f.value);
    if (r == null || !f.op.equals("=")) {
      problems.add(new Problem(f.line, "revocation-reason",
          "expected = superseded, cessationOfOperation, affiliationChanged or privilegeWithdrawn"));
    }
    return r;
  }

  /** {@code proof-after-unusable = allowed | refused}; refused when absent. */
  private boolean proofAfterUnusable(Section s) {
    Field f = one(s, "proof-after-unusable");
    if (f == null) {
      return false;
    }
    if (!f.value.equals("allowed") && !f.value.equals("refused")) {
      problems.add(new Problem(f.line, "proof-after-unusable", "expected = allowed or refused"));
      return false;
    }
    return f.value.equals("allowed");
  }

  private static final class LineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    final int line;

    LineException(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  private interface Check {
    void run();
  }

  private void check(Section s, String name, Check c) {
    try {
      c.run();
    } catch (IllegalArgumentException ex) {
      Field f = one(s, name);
      problems.add(new Problem(f == null ? s.line : f.line, name, String.valueOf(ex.getMessage())));
    }
  }

  private static @Nullable Field one(Section s, String name) {
    List<Field> fs = s.fields.get(name);
    return fs == null || fs.isEmpty() ? null : fs.get(0);
  }

  private @Nullable String required(Section s, String name) {
    Field f = one(s, name);
    if (f == null) {
      problems.add(new Problem(s.line, name, "missing (required for a " + s.kind + " rule)"));
      return null;
    }
    return f.value;
  }

  private @Nullable Integer days(Section s, String name, boolean required) {
    Field f = one(s, name);
    if (f == null) {
      if (required) {
        problems.add(new Problem(s.line, name, "missing (required for a " + s.kind + " rule)"));
      }
      return null;
    }
    try {
      int d = Integer.parseInt(f.value);
      if (d < 0 || d > MAX_DAYS) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      problems.add(new Problem(f.line, name, "expected a whole number of days 0.." + MAX_DAYS
          + ", found '" + abbreviate(f.value) + "'"));
      return null;
    }
  }

  private @Nullable Instant instantField(Section s, String name, boolean required,
      boolean endOfDay) {
    Field f = one(s, name);
    if (f == null) {
      if (required) {
        problems.add(new Problem(s.line, name, "missing (required for a " + s.kind + " rule)"));
      }
      return null;
    }
    try {
      Object t = time(f);
      if (t instanceof ZonedDate d) {
        return endOfDay ? d.endOfDay() : d.startOfDay();
      }
      return (Instant) t;
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(f.line, name, String.valueOf(e.getMessage())));
      return null;
    }
  }

  /** An {@link Instant} or a {@link ZonedDate}. */
  private Object time(Field f) {
    String v = f.value;
    Matcher m = ZONED_DATE.matcher(v);
    if (m.matches()) {
      LocalDate date;
      try {
        date = LocalDate.parse(m.group(1));
      } catch (DateTimeException e) {
        throw new LineException(f.line, "not a calendar date: '" + m.group(1) + "'");
      }
      String z = m.group(2);
      if (z != null) {
        try {
          return new ZonedDate(date, ZoneId.of(z));
        } catch (DateTimeException e) {
          throw new LineException(f.line, "unknown time zone '" + z + "'");
        }
      }
      ZoneId fileZone = zone;
      if (fileZone == null) {
        throw new LineException(f.line, "date without a zone: write " + m.group(1)
            + "[Asia/Tokyo] (for example) or set 'zone = ...' before the first rule");
      }
      return new ZonedDate(date, fileZone);
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeException e) {
      throw new LineException(f.line, "expected an instant with an offset (2020-11-11T14:59:59Z,"
          + " 2020-11-11T23:59:59+09:00) or a date (2020-11-11 or 2020-11-11[Asia/Tokyo]),"
          + " found '" + abbreviate(v) + "'");
    }
  }

  private TimeRange timeRange(String name, List<Field> fs) {
    TimeRange r = TimeRange.all();
    boolean lower = false;
    boolean upper = false;
    for (Field f : fs) {
      Object t = time(f);
      TimeRange part;
      switch (f.op) {
        case "<=" -> part = t instanceof ZonedDate d ? TimeRange.onOrBefore(d)
            : TimeRange.onOrBefore((Instant) t);
        case "<" -> part = t instanceof ZonedDate d ? TimeRange.before(d)
            : TimeRange.before((Instant) t);
        case ">=" -> part = t instanceof ZonedDate d ? TimeRange.onOrAfter(d)
            : TimeRange.onOrAfter((Instant) t);
        case ">" -> part = t instanceof ZonedDate d ? TimeRange.after(d)
            : TimeRange.after((Instant) t);
        default -> throw new LineException(f.line, "takes <=, <, >= or >, not '='");
      }
      boolean isUpper = f.op.startsWith("<");
      if (isUpper ? upper : lower) {
        throw new LineException(f.line, "a second " + (isUpper ? "upper" : "lower") + " bound for "
            + name);
      }
      if (isUpper) {
        upper = true;
      } else {
        lower = true;
      }
      try {
        r = r.intersect(part);
      } catch (IllegalArgumentException e) {
        throw new LineException(f.line, "the bounds of " + name + " leave no instant");
      }
    }
    return r;
  }

  private static int[] keySizes(String name, List<Field> fs) {
    int min = 0;
    int max = Integer.MAX_VALUE;
    for (Field f : fs) {
      int n;
      try {
        n = Integer.parseInt(f.value);
        if (n <= 0 || n > 65_536) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new LineException(f.line, "expected a key size in bits 1..65536, found '"
            + abbreviate(f.value) + "'");
      }
      switch (f.op) {
        case "<=" -> max = Math.min(max, n);
        case "<" -> max = Math.min(max, n - 1);
        case ">=" -> min = Math.max(min, n);
        case ">" -> min = Math.max(min, n + 1);
        default -> {
          min = Math.max(min, n);
          max = Math.min(max, n);
        }
      }
    }
    if (min > max) {
      throw new LineException(fs.get(fs.size() - 1).line, "the bounds of " + name
          + " leave no size");
    }
    return new int[] {min, max};
  }

  private static CertificateStatus[] statuses(Field f) {
    Set<CertificateStatus> out = EnumSet.noneOf(CertificateStatus.class);
    for (String s : list(f.value)) {
      try {
        out.add(CertificateStatus.valueOf(s.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new LineException(f.line, "unknown status '" + abbreviate(s)
            + "': expected issued, active, superseded or revoked");
      }
    }
    return out.toArray(new CertificateStatus[0]);
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty item in the list '" + abbreviate(value) + "'");
      }
      out.add(p);
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
