package io.linehub.api.chat;

/**
 * A file sent with a message: uploaded over HTTP first, then named in the message that carries it.
 *
 * @param id the attachment's id; its content is at {@code GET /api/v1/chat/attachments/{id}}
 * @param name the file name the uploader gave (path parts and control characters removed)
 * @param contentType the media type, checked against the file's first bytes where it has a signature
 * @param size the size in bytes
 */
public record ChatAttachment(long id, String name, String contentType, long size) {
}
