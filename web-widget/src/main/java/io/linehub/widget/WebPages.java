package io.linehub.widget;

import io.linehub.api.web.ApiRoutes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Mounts the browser pages on the root router: {@code /widget/*} (the visitor widget, embeddable on
 * any site, so cacheable and served to any origin), {@code /demo/*}, and the staff's pages
 * {@code /agent/*} (the agent workspace) and {@code /supervisor/*} (the wallboard). Plain files from
 * the jar: no build step, nothing fetched from elsewhere.
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
    for (String page : new String[] {"agent", "supervisor"}) {
      // Vert.x matches "/agent" and "/agent/" alike: only the bare name is sent on to the page.
      root.route("/" + page).handler(ctx -> {
        if (ctx.request().path().endsWith("/")) {
          ctx.next();
        } else {
          ctx.redirect("/" + page + "/");
        }
      });
      root.route("/" + page + "/*").handler(ctx -> {
        // The staff's pages load only their own files and talk only to this hub, and are never framed.
        ctx.response().putHeader("Content-Security-Policy", STAFF_CSP)
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "same-origin");
        ctx.next();
      }).handler(StaticHandler.create("webroot/" + page).setCachingEnabled(false));
    }
  }

  static final String STAFF_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "media-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
}
