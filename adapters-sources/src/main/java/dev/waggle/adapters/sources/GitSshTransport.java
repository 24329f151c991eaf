package dev.waggle.adapters.sources;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.DefaultProxyDataFactory;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;

/**
 * Source adapter helper: git over ssh through JGit's Apache MINA sshd transport, with the private
 * keys, {@code known_hosts} and {@code config} of one directory (the user's {@code ~/.ssh} unless
 * told otherwise). A server whose host key is not in {@code known_hosts} is refused whatever the
 * ssh config says: a sync never asks, and never trusts a key on first use.
 */
final class GitSshTransport implements TransportConfigCallback {
  private final Path sshDirectory;
  private final SshdSessionFactory sessions;

  /** The fingerprint of the last host key refused, by the address it was refused for. */
  private final Map<String, String> refused = new ConcurrentHashMap<>();

  GitSshTransport(Path sshDirectory) {
    this.sshDirectory = sshDirectory;
    this.sessions = new StrictSessionFactory(refused);
    File directory = sshDirectory.toFile();
    sessions.setSshDirectory(directory);
    File home = directory.getParentFile();
    if (home != null) {
      sessions.setHomeDirectory(home);
    }
  }

  /**
   * What an operator should do about a fetch that failed because a host key was refused; empty when
   * {@code error} is about something else.
   */
  String hint(URI repository, Throwable error) {
    boolean keyRefused = false;
    for (Throwable e = error; e != null; e = e.getCause()) {
      keyRefused |= e.getMessage() != null && e.getMessage().contains("key did not validate");
    }
    if (!keyRefused) {
      return "";
    }
    int port = repository.getPort() < 0 ? 22 : repository.getPort();
    String host = port == 22 ? repository.getHost() : "[" + repository.getHost() + "]:" + port;
    String fingerprint = refused.getOrDefault(host, refused.get(repository.getHost()));
    return "; the server's host key"
        + (fingerprint == null ? "" : " " + fingerprint)
        + " is not listed for "
        + host
        + " in "
        + sshDirectory.resolve("known_hosts")
        + " (or another key is): host keys are never trusted on first use, so check the"
        + " fingerprint with the server's operator and add the key there (ssh-keyscan -p "
        + port
        + " "
        + repository.getHost()
        + ")";
  }

  @Override
  public void configure(Transport transport) {
    if (transport instanceof SshTransport ssh) {
      ssh.setSshSessionFactory(sessions);
    }
  }

  /** JGit's session factory with a host key check that only accepts keys already known. */
  private static final class StrictSessionFactory extends SshdSessionFactory {
    private final Map<String, String> refused;

    StrictSessionFactory(Map<String, String> refused) {
      super(new JGitKeyCache(), new DefaultProxyDataFactory());
      this.refused = refused;
    }

    @Override
    protected ServerKeyDatabase createServerKeyDatabase(File homeDir, File sshDir) {
      return new KnownOnly(super.createServerKeyDatabase(homeDir, sshDir), refused);
    }
  }

  /** A key database whose unknown or changed host keys are rejected, never asked about. */
  private record KnownOnly(ServerKeyDatabase known, Map<String, String> refused)
      implements ServerKeyDatabase {
    @Override
    public List<PublicKey> lookup(
        String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
      return known.lookup(connectAddress, remoteAddress, config);
    }

    @Override
    public boolean accept(
        String connectAddress,
        InetSocketAddress remoteAddress,
        PublicKey serverKey,
        Configuration config,
        CredentialsProvider provider) {
      // No provider: nobody is there to ask, and "StrictHostKeyChecking no" in a config file
      // does not weaken a sync.
      boolean accepted =
          known.accept(connectAddress, remoteAddress, serverKey, new Strict(config), null);
      if (!accepted) {
        // A fingerprint is public and what the operator must check; the key itself is not shown.
        refused.put(connectAddress, KeyUtils.getFingerPrint(serverKey));
      }
      return accepted;
    }
  }

  /** The ssh configuration as given, except that host keys must match a known one. */
  private record Strict(ServerKeyDatabase.Configuration config)
      implements ServerKeyDatabase.Configuration {
    @Override
    public List<String> getUserKnownHostsFiles() {
      return config.getUserKnownHostsFiles();
    }

    @Override
    public List<String> getGlobalKnownHostsFiles() {
      return config.getGlobalKnownHostsFiles();
    }

    @Override
    public StrictHostKeyChecking getStrictHostKeyChecking() {
      return StrictHostKeyChecking.REQUIRE_MATCH;
    }

    @Override
    public boolean getHashKnownHosts() {
      return config.getHashKnownHosts();
    }

    @Override
    public String getUsername() {
      return config.getUsername();
    }
  }
}
