package dev.waggle.adapters.sources.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Test fixture: a Git server over ssh on loopback (Apache MINA sshd, the library JGit's ssh
 * transport is built on) that serves one repository's {@code git-upload-pack} to one client key,
 * and writes the client's key and a {@code known_hosts} the way a user's {@code ~/.ssh} holds them.
 */
public final class GitSshServer implements AutoCloseable {
  private final SshServer server;
  private final KeyPair hostKey = ecKey();
  private final KeyPair clientKey;
  private final String clientKeyFile;

  /** A server whose one user authenticates with an ECDSA key in {@code id_ecdsa}. */
  public GitSshServer(Repository repository) throws IOException {
    this(repository, ecKey(), "id_ecdsa");
  }

  /**
   * @param clientKeyFile the name the client's key takes in its ssh directory, as {@code
   *     ssh-keygen} names it for the key's type
   */
  public GitSshServer(Repository repository, KeyPair clientKey, String clientKeyFile)
      throws IOException {
    this.clientKey = clientKey;
    this.clientKeyFile = clientKeyFile;
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (username, key, session) ->
            username.equals("git") && KeyUtils.compareKeys(key, clientKey.getPublic()));
    server.setCommandFactory(new UploadPackFactory(repository));
    server.start();
  }

  /** The repository's ssh URL; the server serves its one repository whatever the path. */
  public String url() {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/srv/catalog.git";
  }

  /** Writes the client's private key in OpenSSH's format, as {@code ssh-keygen} would. */
  public void writeClientKey(Path sshDirectory) throws IOException, GeneralSecurityException {
    Files.createDirectories(sshDirectory);
    try (OutputStream out = Files.newOutputStream(sshDirectory.resolve(clientKeyFile))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "waggle-test", null, out);
    }
    Files.setPosixFilePermissions(
        sshDirectory.resolve(clientKeyFile),
        Set.of(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
  }

  /** Writes a {@code known_hosts} that lists {@code key} for this server. */
  public void writeKnownHosts(Path sshDirectory, PublicKey key)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(sshDirectory);
    Files.writeString(sshDirectory.resolve("known_hosts"), knownHostsLine(key));
  }

  /**
   * The {@code known_hosts} line that lists {@code key} for this server's address and port, ending
   * in a newline, for a file that lists several servers.
   */
  public String knownHostsLine(PublicKey key) throws IOException, GeneralSecurityException {
    return "[127.0.0.1]:" + server.getPort() + " " + publicKeyText(key) + "\n";
  }

  /** {@code key} as OpenSSH writes a public key: its type, a space, its base64 blob. */
  public static String publicKeyText(PublicKey key) throws IOException, GeneralSecurityException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(key, null, line);
    return line.toString(StandardCharsets.US_ASCII).strip();
  }

  /** The key this server proves itself with, as a {@code known_hosts} lists it. */
  public PublicKey hostKey() {
    return hostKey.getPublic();
  }

  /** A key that is not this server's, for a known_hosts that names another. */
  public static PublicKey otherKey() {
    return ecKey().getPublic();
  }

  /** A new ECDSA (P-256) key pair, for a client key several servers accept. */
  public static KeyPair ecKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** Answers {@code git-upload-pack '<path>'} with the one repository; refuses anything else. */
  private record UploadPackFactory(Repository repository) implements CommandFactory {
    @Override
    public Command createCommand(ChannelSession channel, String command) {
      List<String> words = CommandFactory.split(command);
      return new UploadPackCommand(repository, words.get(0).equals("git-upload-pack"));
    }
  }

  /** One {@code git-upload-pack} run, on its own thread as an ssh server runs a process. */
  private static final class UploadPackCommand implements Command {
    private final Repository repository;
    private final boolean uploadPack;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Repository repository, boolean uploadPack) {
      this.repository = repository;
      this.uploadPack = uploadPack;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread =
          new Thread(
              () -> {
                int status = 0;
                try {
                  if (uploadPack) {
                    new UploadPack(repository).upload(in, out, err);
                  } else {
                    err.write("only git-upload-pack is served\n".getBytes(StandardCharsets.UTF_8));
                    status = 1;
                  }
                  out.flush();
                  err.flush();
                } catch (IOException e) {
                  status = 1;
                }
                exit.onExit(status);
              },
              "git-ssh-upload-pack");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
