package io.shomei.examples.web;

import io.shomei.examples.web.http.Request;
import io.shomei.examples.web.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The static files: the style sheet, the software keyboard's and the download screen's scripts
 * (CSP forbids inline) and the
 * icon (also at {@code /favicon.ico}, which browsers ask for on their own).
 */
final class StaticFiles {
  private final byte[] css;
  private final byte[] js;
  private final byte[] icon;
  private final byte[] downloadJs;

  StaticFiles() {
    css = load("style.css");
    js = load("keyboard.js");
    icon = load("favicon.svg");
    downloadJs = load("download.js");
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

  Response icon(Request r) {
    return Response.bytes(200, "image/svg+xml", icon.clone())
        .header("Cache-Control", "max-age=86400");
  }

  Response downloadJs(Request r) {
    return Response.bytes(200, "text/javascript; charset=utf-8", downloadJs.clone())
        .header("Cache-Control", "max-age=300");
  }

  Response js(Request r) {
    return Response.bytes(200, "text/javascript; charset=utf-8", js.clone())
        .header("Cache-Control", "max-age=300");
  }
}
