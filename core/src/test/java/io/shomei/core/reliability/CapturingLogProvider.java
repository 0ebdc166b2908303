package io.shomei.core.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J 2 provider for core's tests (registered in {@code META-INF/services}, test scope only):
 * every logger is enabled at TRACE and every event, formatted, with its throwable's messages (causes
 * and suppressed included), is kept in {@link #lines()} for {@link SecretHygieneTest} to scan. It
 * replaces {@code slf4j-nop}, so the whole core suite runs with it.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
  /** At most this many lines are kept (the suite logs a few hundred). */
  static final int MAX_LINES = 200_000;
  private static final List<String> LINES = new ArrayList<>();
  private static long total;

  private final ILoggerFactory loggers = new Loggers();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Called by SLF4J's service loader. */
  public CapturingLogProvider() {}

  /** Every line captured so far in this JVM (a copy). */
  static synchronized List<String> lines() {
    return List.copyOf(LINES);
  }

  /** How many events were logged in this JVM, including any beyond {@link #MAX_LINES}. */
  static synchronized long total() {
    return total;
  }

  static synchronized void add(String line) {
    total++;
    if (LINES.size() < MAX_LINES) {
      LINES.add(line);
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class Loggers implements ILoggerFactory {
    private final ConcurrentHashMap<String, Logger> byName = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
      return byName.computeIfAbsent(name, CapturingLogger::new);
    }
  }

  /** Enabled at every level; captures everything. */
  static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected @Nullable String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker,
        @Nullable String pattern, @Nullable Object @Nullable [] arguments,
        @Nullable Throwable throwable) {
      StringBuilder b = new StringBuilder().append(level).append(' ').append(name).append(" - ")
          .append(MessageFormatter.basicArrayFormat(pattern, arguments));
      if (throwable != null) {
        describe(throwable, b, Collections.newSetFromMap(new IdentityHashMap<>()));
      }
      add(b.toString());
    }

    private static void describe(Throwable t, StringBuilder b, Set<Throwable> seen) {
      if (!seen.add(t)) {
        return;
      }
      b.append(" | ").append(t);
      for (Throwable s : t.getSuppressed()) {
        describe(s, b, seen);
      }
      Throwable cause = t.getCause();
      if (cause != null) {
        describe(cause, b, seen);
      }
    }
  }
}
