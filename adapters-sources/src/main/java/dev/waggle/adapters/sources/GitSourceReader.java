package dev.waggle.adapters.sources;

import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source adapter: reads a {@code git} source — the registry file at {@code path} in a repository,
 * at a branch, tag or commit — from a bare clone kept per source between syncs, so that a check
 * fetches only what changed. The clone's disk and the file's size are bounded; the hash is the
 * sha256 of the file's bytes, as for a file source.
 */
final class GitSourceReader implements SourceReader {
  private static final Logger LOG = LoggerFactory.getLogger(GitSourceReader.class);

  /** The local ref every source's pinned commit is fetched into; a forced update follows pushes. */
  private static final String PINNED = "refs/waggle/pinned";

  /** Seconds a git connection may stay silent before the fetch fails. */
  private static final int IO_TIMEOUT_SECONDS = 120;

  private final RegistryDocumentParser parser;
  private final SourceReaderSettings settings;
  private final GitSshTransport ssh;
  private final Map<Path, Object> locks = new ConcurrentHashMap<>();

  @Inject
  GitSourceReader(RegistryDocumentParser parser, SourceReaderSettings settings) {
    this.parser = parser;
    this.settings = settings;
    this.ssh = new GitSshTransport(settings.sshDirectory());
  }

  @Override
  public boolean supports(SourceKind kind) {
    return kind instanceof SourceKind.Git;
  }

  @Override
  public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
    return fetch(source).parse();
  }

  @Override
  public FetchedSource fetch(SourceDefinition source) throws SourceReadException {
    if (!(source.kind() instanceof SourceKind.Git git)) {
      throw new IllegalArgumentException(
          "source " + source.name() + " is a " + source.kind().typeName() + " source, not git");
    }
    Path clone = cloneDirectory(source, git);
    String origin = display(git.repository()) + " " + pinText(git) + ", " + filePath(git);
    byte[] bytes;
    synchronized (locks.computeIfAbsent(clone, c -> new Object())) {
      bytes = fetchLocked(source, git, clone, origin);
    }
    String hash = ContentHash.sha256Hex(bytes);
    return new FetchedSource(hash, () -> parser.parse(bytes, origin, hash));
  }

  /**
   * One clone per source and repository: a changed URL starts afresh instead of mixing two
   * repositories' objects in one place.
   */
  private Path cloneDirectory(SourceDefinition source, SourceKind.Git git) {
    String key =
        ContentHash.sha256Hex(git.repository().toString().getBytes(StandardCharsets.UTF_8));
    return settings.gitDirectory().resolve(source.name().value() + "-" + key.substring(0, 12));
  }

  private byte[] fetchLocked(SourceDefinition source, SourceKind.Git git, Path clone, String origin)
      throws SourceReadException {
    try {
      return fetchOnce(source, git, clone, origin);
    } catch (CloneTooLarge e) {
      // Objects of force-pushed-away history pile up in a kept clone; a fresh one sheds them.
      LOG.info(
          "git source {}: the clone grew over {} bytes; fetching it afresh",
          source.name().value(),
          settings.maxRepositoryBytes());
      deleteQuietly(clone);
      try {
        return fetchOnce(source, git, clone, origin);
      } catch (CloneTooLarge again) {
        deleteQuietly(clone);
        throw new SourceReadException(
            display(git.repository())
                + ": the repository is larger than the bound of "
                + settings.maxRepositoryBytes()
                + " bytes on disk for one git source; the sync is stopped and the clone removed");
      }
    }
  }

  private byte[] fetchOnce(SourceDefinition source, SourceKind.Git git, Path clone, String origin)
      throws SourceReadException, CloneTooLarge {
    GitProgress progress =
        new GitProgress(source.name().value(), clone, settings.maxRepositoryBytes());
    try (Repository repository = open(clone)) {
      ObjectId commit = update(repository, git, progress);
      if (progress.tooLarge() || GitProgress.sizeOf(clone) > settings.maxRepositoryBytes()) {
        throw new CloneTooLarge();
      }
      return readFile(repository, commit, git, origin);
    } catch (IOException e) {
      if (progress.tooLarge()) {
        throw new CloneTooLarge();
      }
      throw new SourceReadException(
          display(git.repository()) + ": cannot use the local clone " + clone + ": " + e, e);
    }
  }

  /** Opens the kept bare clone, or starts one; a clone that will not open is started again. */
  private static Repository open(Path clone) throws IOException {
    if (Files.isDirectory(clone)) {
      try {
        return gcInline(
            new FileRepositoryBuilder().setGitDir(clone.toFile()).setMustExist(true).build());
      } catch (IOException | RuntimeException e) {
        LOG.warn("The git clone {} cannot be opened ({}); starting it again", clone, e.toString());
        deleteQuietly(clone);
      }
    }
    Files.createDirectories(clone.getParent());
    try {
      return gcInline(Git.init().setBare(true).setGitDir(clone.toFile()).call().getRepository());
    } catch (GitAPIException e) {
      throw new IOException("cannot create a git clone in " + clone + ": " + e.getMessage(), e);
    }
  }

  /**
   * JGit's automatic gc would otherwise run detached after a fetch, writing into a clone that a
   * failed check is deleting, and growing it after its size was measured.
   */
  private static Repository gcInline(Repository repository) throws IOException {
    repository.getConfig().setBoolean("gc", null, "autoDetach", false);
    repository.getConfig().save();
    return repository;
  }

  /** Brings the pinned commit into the clone and returns it. */
  private ObjectId update(Repository repository, SourceKind.Git git, GitProgress progress)
      throws SourceReadException, IOException, CloneTooLarge {
    if (git.commit().isPresent()) {
      // A commit never changes: once it is here, a check costs no network at all.
      Optional<ObjectId> present = resolveCommit(repository, git.commit().get());
      if (present.isPresent()) {
        return present.get();
      }
      // A commit is wanted by its id only where a server allows it; every branch and tag is
      // asked for instead, which every server answers.
      runFetch(
          repository,
          git,
          progress,
          List.of(
              new RefSpec("+refs/heads/*:refs/waggle/heads/*"),
              new RefSpec("+refs/tags/*:refs/waggle/tags/*")),
          0);
      return resolveCommit(repository, git.commit().get())
          .orElseThrow(
              () ->
                  new SourceReadException(
                      display(git.repository())
                          + ": commit "
                          + git.commit().get()
                          + " is not on any branch or tag of the repository"));
    }
    String remoteRef =
        git.branch()
            .map(b -> Constants.R_HEADS + b)
            .or(() -> git.tag().map(t -> Constants.R_TAGS + t))
            .orElse(Constants.HEAD);
    if (!pinUnchanged(repository, git, remoteRef)) {
      // Forced (+): a force-pushed branch or a moved tag replaces what the clone had.
      runFetch(repository, git, progress, List.of(new RefSpec("+" + remoteRef + ":" + PINNED)), 1);
    }
    ObjectId pinned = repository.resolve(PINNED + "^{commit}");
    if (pinned == null) {
      throw new SourceReadException(
          display(git.repository()) + ": " + pinText(git) + " does not point to a commit");
    }
    return pinned;
  }

  /**
   * Whether the remote ref still names what the clone holds: one small request, where a shallow
   * fetch would negotiate a pack every time.
   */
  private boolean pinUnchanged(Repository repository, SourceKind.Git git, String remoteRef)
      throws SourceReadException, IOException {
    Ref local = repository.exactRef(PINNED);
    if (local == null || local.getObjectId() == null) {
      return false;
    }
    Map<String, Ref> remote;
    try {
      LsRemoteCommand list =
          Git.lsRemoteRepository()
              .setRemote(git.repository().toString())
              .setTimeout(IO_TIMEOUT_SECONDS)
              .setHeads(git.branch().isPresent())
              .setTags(git.tag().isPresent())
              .setTransportConfigCallback(ssh);
      credentials(git).ifPresent(list::setCredentialsProvider);
      remote = list.callAsMap();
    } catch (GitAPIException | RuntimeException e) {
      throw new SourceReadException(
          display(git.repository())
              + ": git ls-remote for "
              + pinText(git)
              + " failed: "
              + explain(e)
              + ssh.hint(git.repository(), e),
          e);
    }
    Ref now = remote.get(remoteRef);
    return now != null
        && local.getObjectId().equals(now.getObjectId())
        && repository.getObjectDatabase().has(now.getObjectId());
  }

  private static Optional<ObjectId> resolveCommit(Repository repository, String commit)
      throws IOException {
    try {
      return Optional.ofNullable(repository.resolve(commit + "^{commit}"));
    } catch (MissingObjectException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
      return Optional.empty();
    } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
      throw new IOException("commit " + commit + " is ambiguous; give more of its digits", e);
    }
  }

  private void runFetch(
      Repository repository,
      SourceKind.Git git,
      GitProgress progress,
      List<RefSpec> specs,
      int depth)
      throws SourceReadException, CloneTooLarge {
    FetchCommand fetch =
        Git.wrap(repository)
            .fetch()
            .setRemote(git.repository().toString())
            .setRefSpecs(specs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setForceUpdate(true)
            .setTimeout(IO_TIMEOUT_SECONDS)
            .setProgressMonitor(progress)
            .setTransportConfigCallback(ssh);
    if (depth > 0) {
      // Only the pinned commit's tree is read, so its history is never needed.
      fetch.setDepth(depth);
    }
    credentials(git).ifPresent(fetch::setCredentialsProvider);
    try {
      fetch.call();
    } catch (GitAPIException | RuntimeException e) {
      if (progress.tooLarge()) {
        throw new CloneTooLarge();
      }
      throw new SourceReadException(
          display(git.repository())
              + ": git fetch of "
              + pinText(git)
              + " failed: "
              + explain(e)
              + ssh.hint(git.repository(), e),
          e);
    }
    progress.finished();
  }

  private static Optional<CredentialsProvider> credentials(SourceKind.Git git)
      throws SourceReadException {
    if (git.username().isEmpty() || git.passwordFile().isEmpty()) {
      return Optional.empty();
    }
    Path file = git.passwordFile().get();
    String password;
    try {
      // Resolved, so a mounted Secret's symlinked file is read where it points now.
      password = Files.readString(file.toRealPath(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new SourceReadException(
          "git.auth.passwordFile " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
    return Optional.of(new UsernamePasswordCredentialsProvider(git.username().get(), password));
  }

  private byte[] readFile(
      Repository repository, ObjectId commitId, SourceKind.Git git, String origin)
      throws IOException, SourceReadException {
    String path = filePath(git);
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(commitId);
      String at = " at commit " + commit.abbreviate(12).name();
      try (TreeWalk entry = TreeWalk.forPath(repository, path, commit.getTree())) {
        if (entry == null) {
          throw new SourceReadException(
              display(git.repository()) + ": file not found: " + path + at);
        }
        if ((entry.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          throw new SourceReadException(
              display(git.repository()) + ": " + path + at + " is not a regular file");
        }
        ObjectLoader loader = repository.open(entry.getObjectId(0), Constants.OBJ_BLOB);
        if (loader.getSize() > settings.maxFileBytes()) {
          throw new SourceReadException(
              origin
                  + at
                  + ": the file is "
                  + loader.getSize()
                  + " bytes, larger than the bound of "
                  + settings.maxFileBytes()
                  + " bytes for a registry file");
        }
        return loader.getBytes((int) settings.maxFileBytes());
      }
    }
  }

  private static String filePath(SourceKind.Git git) {
    String path = git.path();
    while (path.startsWith("/") || path.startsWith("./")) {
      path = path.substring(path.startsWith("/") ? 1 : 2);
    }
    return path;
  }

  private static String pinText(SourceKind.Git git) {
    return git.branch()
        .map(b -> "branch " + b)
        .or(() -> git.tag().map(t -> "tag " + t))
        .or(() -> git.commit().map(c -> "commit " + c))
        .orElse("the default branch");
  }

  /** The repository URL as messages show it: a password in the URL itself is masked. */
  static String display(URI repository) {
    if (repository.getRawUserInfo() == null || !repository.getRawUserInfo().contains(":")) {
      return repository.toString();
    }
    String user =
        repository.getRawUserInfo().substring(0, repository.getRawUserInfo().indexOf(':'));
    return repository.toString().replace(repository.getRawUserInfo(), user + ":***");
  }

  /** JGit's message, with any URL it quotes shown as {@link #display} would. */
  private static String explain(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable e = error; e != null && text.length() < 600; e = e.getCause()) {
      String message = e.getMessage();
      if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    String message = text.length() == 0 ? error.getClass().getSimpleName() : text.toString();
    // JGit quotes the URL it was given; a password written into it must not reach a log.
    return message.replaceAll("(?i)(://[^/:@\\s]+):[^/@\\s]+@", "$1:***@");
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try {
      VanishingFileWalk.walk(directory, (file, attributes) -> delete(file), dir -> delete(dir));
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", directory, e.toString());
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", path, e.toString());
    }
  }

  /** The clone grew past its bound; the caller removes it and may try once afresh. */
  private static final class CloneTooLarge extends Exception {
    CloneTooLarge() {
      super(null, null, false, false);
    }
  }
}
