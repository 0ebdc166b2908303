package io.shomei.core;

import io.shomei.core.audit.AuditEvent;
import io.shomei.core.audit.AuditEventType;
import io.shomei.core.audit.AuditTrail;
import io.shomei.core.eligibility.AffectedCertificate;
import io.shomei.spi.CertificateStatus;
import io.shomei.spi.CertificateStore;
import io.shomei.spi.Notice;
import io.shomei.spi.NoticeStore;
import io.shomei.spi.NoticeStore.StoredNotice;
import io.shomei.spi.NotificationChannel;
import io.shomei.spi.OperatorRecord;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine behind {@link Notices}. */
final class NoticesEngine implements Notices {
  private final NoticeSettings settings;
  private final NoticeStore outbox;
  private final CertificateStore certificates;
  private final Clock clock;
  private final ZoneId zone;
  private final AuditTrail audit;

  NoticesEngine(NoticeSettings settings, NoticeStore outbox, CertificateStore certificates,
      Clock clock, ZoneId zone, AuditTrail audit) {
    this.audit = audit;
    this.settings = settings;
    this.outbox = outbox;
    this.certificates = certificates;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public ScheduleRun scheduleExpiring() {
    Instant now = Stamps.now(clock);
    List<Integer> days = settings.expiringDays(); // largest first
    AtomicInteger written = new AtomicInteger();
    AtomicInteger present = new AtomicInteger();
    certificates.forEach(c -> {
      if (c.status() != CertificateStatus.ACTIVE || !c.notAfter().isAfter(now)) {
        return;
      }
      Integer threshold = null;
      for (int d : days) {
        if (!c.notAfter().isAfter(now.plus(Duration.ofDays(d)))) {
          threshold = d; // keeps the smallest reached
        }
      }
      if (threshold != null) {
        count(outbox.enqueue(NoticeKeys.expiring(c, threshold, now)), written, present);
      }
    });
    return new ScheduleRun(written.get(), present.get());
  }

  private static void count(boolean wrote, AtomicInteger written, AtomicInteger present) {
    (wrote ? written : present).incrementAndGet();
  }

  @Override
  public CampaignNotices campaign() {
    AtomicInteger written = new AtomicInteger();
    AtomicInteger present = new AtomicInteger();
    return new CampaignNotices() {
      @Override
      public void accept(AffectedCertificate a) {
        if (a.progress() != AffectedCertificate.Progress.PENDING) {
          return;
        }
        URI url = a.explanationUrl();
        Notice n = NoticeKeys.campaign(a.account(), a.rule().id(), a.serial(), a.unusableFrom(),
            a.reacquireFrom(), a.reacquireUntil(), url == null ? null : url.toString(),
            Stamps.now(clock));
        count(outbox.enqueue(n), written, present);
      }

      @Override
      public ScheduleRun counts() {
        return new ScheduleRun(written.get(), present.get());
      }
    };
  }

  @Override
  public NoticeDispatcher.Builder dispatcher(NotificationChannel channel) {
    return new NoticeDispatcher.Builder(outbox, channel, new NoticeTemplates(zone), clock);
  }

  @Override
  public List<StoredNotice> held(int max) {
    return outbox.list(NoticeStore.Status.HELD, max);
  }

  @Override
  public RequeueResult requeue(String key, String operatorId) {
    OperatorRecord.requireValidId(operatorId);
    Objects.requireNonNull(key, "key");
    Optional<StoredNotice> before = outbox.find(key);
    if (before.isEmpty()) {
      return new RequeueResult.NotFound(key);
    }
    if (before.get().status() != NoticeStore.Status.HELD
        || !outbox.requeue(key, Stamps.now(clock))) {
      return new RequeueResult.NotHeld(outbox.find(key).orElse(before.get()));
    }
    StoredNotice held = before.get();
    Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("notice", key);
    details.put("kind", held.notice().kind().name());
    String lastError = held.lastError();
    if (lastError != null) {
      details.put("held_because", lastError);
    }
    audit.append(AuditEvent.byOperator(AuditEventType.NOTICE_REQUEUED, operatorId,
        held.notice().account(), details));
    return new RequeueResult.Requeued(outbox.find(key).orElseThrow());
  }

  @Override
  public String toString() {
    return "Notices[expiringDays=" + settings.expiringDays() + "]";
  }
}
