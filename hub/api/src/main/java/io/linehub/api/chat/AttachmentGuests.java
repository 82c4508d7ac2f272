package io.linehub.api.chat;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * People without a Linehub account who may send and fetch chat attachments — the website chat
 * widget's visitors. The module that knows them (openlines) says who a request comes from; chat
 * keeps the files, with the same limits and checks as its own uploads. The composition root hands
 * one to chat, which mounts the two paths on the root router.
 */
public interface AttachmentGuests {

  /** The upload path, a route pattern on the root router ({@code POST}, multipart part {@code file}). */
  String uploadPath();

  /** The download path, a route pattern with the parameter {@code :attachmentId} ({@code GET}). */
  String downloadPath();

  /**
   * Who sends this request, from its path and its credentials; a failed future with a
   * {@link io.linehub.api.error.LinehubException} (401 bad or missing credentials, 404 no such
   * place) otherwise. Called with the request paused: it must not read the body.
   */
  Future<AttachmentGuest> identify(RoutingContext ctx);
}
