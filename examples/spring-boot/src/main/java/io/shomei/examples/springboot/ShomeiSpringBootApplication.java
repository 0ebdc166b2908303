package io.shomei.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring Boot host's entry point. */
@SpringBootApplication
public class ShomeiSpringBootApplication {
  /**
   * Starts the host.
   *
   * @param args Spring Boot arguments, for example {@code --server.port=9443}
   */
  public static void main(String[] args) {
    SpringApplication.run(ShomeiSpringBootApplication.class, args);
  }
}
