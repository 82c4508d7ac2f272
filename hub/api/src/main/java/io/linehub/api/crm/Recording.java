package io.linehub.api.crm;

/**
 * Call recording metadata kept on a call activity. {@code sha256} (hex), {@code channels} and
 * {@code recordedBy} are optional.
 */
public record Recording(
    String uri,
    String mediaType,
    Integer durationSec,
    Long sizeBytes,
    String sha256,
    Integer channels,
    String recordedBy) {
}
