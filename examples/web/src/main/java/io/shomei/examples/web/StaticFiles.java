package io.shomei.examples.web;

import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The two static files: the style sheet and the software keyboard's script (CSP forbids inline). */
final class StaticFiles {
  private final byte[] css;
  private final byte[] js;

  StaticFiles() {
    css = load("style.css");
    js = load("keyboard.js");
  }

  private static byte[] load(String name) {
    try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing static/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Response css(Request r) {
    return Response.bytes(200, "text/css; charset=utf-8", css.clone())
        .header("Cache-Control", "max-age=300");
  }

  Response js(Request r) {
    return Response.bytes(200, "text/javascript; charset=utf-8", js.clone())
        .header("Cache-Control", "max-age=300");
  }
}
