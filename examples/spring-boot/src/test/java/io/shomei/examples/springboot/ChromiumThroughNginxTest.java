package io.shomei.examples.springboot;

import org.springframework.test.context.TestPropertySource;

/** {@link ChromiumThroughProxySupport} through nginx (its escaped-PEM certificate header). */
@TestPropertySource(properties = {
    "server.ssl.enabled=false",
    "shomei.behind-proxy.format=nginx",
    "shomei.behind-proxy.trusted-peers=127.0.0.2",
    "spring.datasource.url=jdbc:h2:mem:shomei-spring-nginx-test;MODE=PostgreSQL;"
        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class ChromiumThroughNginxTest extends ChromiumThroughProxySupport {
  @Override
  String proxy() {
    return "nginx";
  }

  @Override
  String userId() {
    return "55500041";
  }
}
