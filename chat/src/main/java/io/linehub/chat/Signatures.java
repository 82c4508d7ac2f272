package io.linehub.chat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The first bytes that file formats start with, for the attachment check: what a file's content
 * shows it to be, and whether it agrees with the type its uploader declared.
 */
final class Signatures {

  private Signatures() {
  }

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] ZIP = {'P', 'K', 3, 4};
  private static final byte[] OLE = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
      (byte) 0xE1};

  /** Types that are ZIP containers (OOXML, OpenDocument) and legacy Office compound files. */
  private static final Map<String, byte[]> CONTAINERS = Map.of(
      "application/zip", ZIP,
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP,
      "application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP,
      "application/vnd.oasis.opendocument.text", ZIP,
      "application/vnd.oasis.opendocument.spreadsheet", ZIP,
      "application/msword", OLE,
      "application/vnd.ms-excel", OLE,
      "application/vnd.ms-powerpoint", OLE);

  /** The type {@code head} shows, or null when it matches no signature known here. */
  static String detect(byte[] head) {
    for (String type : new String[] {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
        "audio/ogg", "audio/wav", "video/mp4", "audio/mpeg", "application/zip"}) {
      if (agrees(type, head)) {
        return type;
      }
    }
    return null;
  }

  /**
   * Whether {@code head} can be the start of a file of {@code type}. Types without a signature
   * known here agree with anything but text types, which must not contain NUL bytes.
   */
  static boolean agrees(String type, byte[] head) {
    byte[] container = CONTAINERS.get(type);
    if (container != null) {
      return startsWith(head, 0, container);
    }
    return switch (type) {
      case "image/png" -> startsWith(head, 0, PNG);
      case "image/jpeg" -> startsWith(head, 0, JPEG);
      case "image/gif" -> startsWith(head, 0, ascii("GIF87a")) || startsWith(head, 0, ascii("GIF89a"));
      case "image/webp" -> startsWith(head, 0, ascii("RIFF")) && startsWith(head, 8, ascii("WEBP"));
      case "application/pdf" -> startsWith(head, 0, ascii("%PDF-"));
      case "audio/ogg", "video/ogg" -> startsWith(head, 0, ascii("OggS"));
      case "audio/wav", "audio/x-wav", "audio/wave" -> startsWith(head, 0, ascii("RIFF"))
          && startsWith(head, 8, ascii("WAVE"));
      case "video/mp4", "audio/mp4", "video/quicktime" -> startsWith(head, 4, ascii("ftyp"));
      case "audio/mpeg" -> startsWith(head, 0, ascii("ID3"))
          || head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0;
      default -> !type.startsWith("text/") || noNul(head);
    };
  }

  private static boolean noNul(byte[] head) {
    for (byte b : head) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] head, int at, byte[] signature) {
    if (head.length < at + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (head[at + i] != signature[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
