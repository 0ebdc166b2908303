package io.shomei.examples.springboot;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link ChromiumThroughProxySupport} through HAProxy, in {@link BehindProxyTest}'s application
 * context (the same properties: Spring reuses it).
 */
@TestPropertySource(properties = {
    "server.ssl.enabled=false",
    "shomei.behind-proxy.format=haproxy",
    "shomei.behind-proxy.trusted-peers=127.0.0.2",
    "spring.datasource.url=jdbc:h2:mem:shomei-spring-proxy-test;MODE=PostgreSQL;"
        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class ChromiumThroughHaproxyTest extends ChromiumThroughProxySupport {
  @Override
  String proxy() {
    return "haproxy";
  }

  @Override
  String userId() {
    return "55500031";
  }
}
