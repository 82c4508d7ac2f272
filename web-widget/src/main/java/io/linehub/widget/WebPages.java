package io.linehub.widget;

import io.linehub.api.web.ApiRoutes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Mounts the browser pages on the root router: {@code /widget/*} (the visitor widget, embeddable on
 * any site, so cacheable and served to any origin) and {@code /demo/*}. Plain files from the jar:
 * no build step, nothing fetched from elsewhere.
 */
public final class WebPages implements ApiRoutes {

  @Override
  public void mount(Router root) {
    root.route("/widget/*").handler(ctx -> {
      // The loader is embedded on customers' sites: any origin may load it.
      ctx.response().putHeader("Access-Control-Allow-Origin", "*");
      ctx.next();
    }).handler(StaticHandler.create("webroot/widget").setCachingEnabled(true).setMaxAgeSeconds(300));
    root.route("/demo/*").handler(StaticHandler.create("webroot/demo").setCachingEnabled(false));
  }
}
