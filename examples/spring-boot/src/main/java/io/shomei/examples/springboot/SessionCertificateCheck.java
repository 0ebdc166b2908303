package io.shomei.examples.springboot;

import io.shomei.core.CertificateCheck;
import io.shomei.core.Certificates;
import io.shomei.spi.CertificateRecord;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ties a login session to the certificate it was opened with, on every request, before the
 * authorization rules run:
 *
 * <ul>
 *   <li>a pending login ({@link PendingCertificateLogin}: the password and change steps) must come
 *       over a TLS connection that presents the very certificate of the certificate step;
 *   <li>a signed-in customer ({@link AuthenticatedCustomer}) must present a certificate that
 *       {@link Certificates#check} still finds usable for the same account and that is the one the
 *       login used: once it is revoked or superseded, or the rules end its use, the session ends.
 * </ul>
 *
 * <p>Otherwise the session is invalidated and the security context cleared, so the authorization
 * rules send the visitor back to the start page; nothing of the old login survives.
 */
final class SessionCertificateCheck extends OncePerRequestFilter {
  private final Certificates certificates;

  SessionCertificateCheck(Certificates certificates) {
    this.certificates = certificates;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    Object principal = a == null ? null : a.getPrincipal();
    List<X509Certificate> presented = CertificateLoginFilter.presentedChain(request);
    boolean keep = true;
    if (principal instanceof PendingCertificateLogin pending) {
      keep = pending.sha256Fingerprint().equals(fingerprint(presented));
    } else if (principal instanceof AuthenticatedCustomer customer) {
      keep = stillUsable(customer, presented);
    }
    if (!keep) {
      SecurityContextHolder.clearContext();
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
    }
    chain.doFilter(request, response);
  }

  private boolean stillUsable(AuthenticatedCustomer customer, List<X509Certificate> presented) {
    if (presented.isEmpty()) {
      return false;
    }
    CertificateCheck check = certificates.check(customer.service(), presented);
    return check instanceof CertificateCheck.Usable usable
        && usable.account().userId().equals(customer.userId())
        && usable.account().service().equals(customer.service())
        && usable.certificate().serialHex().equalsIgnoreCase(customer.certificate().serialHex());
  }

  private static @Nullable String fingerprint(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      return null;
    }
    try {
      return CertificateRecord.fingerprintOf(chain.get(0).getEncoded());
    } catch (CertificateEncodingException e) {
      return null;
    }
  }
}
