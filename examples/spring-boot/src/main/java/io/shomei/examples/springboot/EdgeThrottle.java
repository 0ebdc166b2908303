package io.shomei.examples.springboot;

import io.shomei.core.forwarded.ForwardedCertificates;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits at the host's edge, before Shomei is asked (issue 18, item 1): password-bearing forms per
 * source address, and acquisition attempts per user ID from any address; over the limit, 429 with
 * {@code Retry-After}. Shomei bounds guessing itself (lockout, the acquisition counter); these
 * limits keep one address from spending the hashing capacity, and many addresses from running one
 * customer's counters up quickly. A per-user-ID limit can be spent by a stranger, but it only
 * delays that customer's acquisition for a while and locks nothing. Behind a proxy the per-address
 * limit counts by the client's address the trusted proxy passed in {@code X-Forwarded-For}
 * ({@link ForwardedCertificates#clientAddress}); otherwise every customer behind it would share
 * the proxy's address and its one limit.
 */
final class EdgeThrottle extends OncePerRequestFilter {
  private static final Set<String> PASSWORD_FORMS =
      Set.of("/acquire", "/login/password", "/login/change");

  private final Throttle perSource;
  private final Throttle perUser;
  private final long retryAfterSeconds;
  private final @Nullable ForwardedCertificates proxy;

  EdgeThrottle(ShomeiProperties.Edge limits, Clock clock, @Nullable ForwardedCertificates proxy) {
    this.proxy = proxy;
    this.perSource = new Throttle(limits.perSource(), limits.period(), 100_000, clock);
    this.perUser = new Throttle(limits.perUser(), limits.period(), 100_000, clock);
    this.retryAfterSeconds = Math.max(1, limits.period().toSeconds() / limits.perUser());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !PASSWORD_FORMS.contains(request.getServletPath());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    boolean allowed = perSource.tryAcquire(source(request));
    if (allowed && "/acquire".equals(request.getServletPath())) {
      String userId = request.getParameter("userId");
      allowed = userId == null || perUser.tryAcquire(userId.strip().toLowerCase(Locale.ROOT));
    }
    if (!allowed) {
      response.setStatus(429);
      response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
      response.setContentType(Html.HTML.toString());
      response.getOutputStream().write(Html.page("しばらくお待ちください / Please wait",
          Html.refusal("TOO_MANY_REQUESTS", "", List.of(
              "お申し込みが多すぎます。数分待ってからもう一度お試しください。",
              "Too many attempts. Please wait a few minutes and try again.")))
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }

  /** The connection's address, or behind a trusted proxy the client's address it passed. */
  private String source(HttpServletRequest request) {
    ForwardedCertificates p = proxy;
    if (p == null) {
      return request.getRemoteAddr();
    }
    try {
      InetAddress peer = InetAddress.getByName(request.getRemoteAddr()); // a literal: no lookup
      return p.clientAddress(peer, List.of(),
          Collections.list(request.getHeaders(ForwardedCertificates.FORWARDED_FOR)));
    } catch (UnknownHostException e) {
      return request.getRemoteAddr();
    }
  }
}
