package io.linehub.server.auth;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 key that signs session tokens, kept in {@code <dataDir>/secrets/jwt-hs256.key}
 * (owner-only) so tokens stay valid across restarts. Created on first start. Blocking.
 */
public final class SigningKeys {

  private SigningKeys() {
  }

  /** The JWT provider for session tokens, keyed from the data dir. Blocking (file I/O). */
  public static JWTAuth jwt(Vertx vertx, Path dataDir) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(loadOrCreate(dataDir))));
  }

  static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve("secrets").resolve("jwt-hs256.key");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException raced) {
          // another process created it first; use theirs
        }
      }
      String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (key.length() < 32) {
        throw new IllegalStateException("signing key " + file + " is too short; delete it to generate a new one");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create signing key " + file, e);
    }
  }
}
