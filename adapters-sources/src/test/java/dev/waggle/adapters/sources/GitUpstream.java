package dev.waggle.adapters.sources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Test fixture: a bare repository as a Git server holds it, and a working copy that commits
 * registry files and pushes them there the way a catalog maintainer would.
 */
final class GitUpstream implements AutoCloseable {
  private static final PersonIdent MAINTAINER =
      new PersonIdent("Catalog Maintainer", "maintainer@example.com");

  private final Path bare;
  private final Git work;

  GitUpstream(Path dir) {
    try {
      bare = dir.resolve("upstream.git");
      Git.init().setBare(true).setInitialBranch("main").setGitDir(bare.toFile()).call().close();
      work = Git.init().setInitialBranch("main").setDirectory(dir.resolve("work").toFile()).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  Path bare() {
    return bare;
  }

  Repository bareRepository() throws IOException {
    return Git.open(bare.toFile()).getRepository();
  }

  /** Writes the files, commits them on the current branch and pushes that branch. */
  ObjectId commit(String path, String content) {
    return commit(path, content.getBytes(StandardCharsets.UTF_8));
  }

  ObjectId commit(String path, byte[] content) {
    try {
      Path file = work.getRepository().getWorkTree().toPath().resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      work.add().addFilepattern(path).call();
      RevCommit commit =
          work.commit()
              .setMessage("update " + path)
              .setAuthor(MAINTAINER)
              .setCommitter(MAINTAINER)
              .call();
      push(false);
      return commit.getId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves the branch back to {@code commit} and pushes it by force, rewriting its history. */
  void forcePushTo(ObjectId commit) {
    try {
      work.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
      push(true);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  void branch(String name) {
    try {
      work.checkout().setCreateBranch(true).setName(name).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  void tag(String name) {
    try {
      work.tag().setName(name).setAnnotated(true).setMessage(name).setTagger(MAINTAINER).call();
      work.push()
          .setRemote(bare.toUri().toString())
          .setRefSpecs(new RefSpec("refs/tags/" + name))
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private void push(boolean force) throws GitAPIException {
    String branch;
    try {
      branch = work.getRepository().getFullBranch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    work.push()
        .setRemote(bare.toUri().toString())
        .setRefSpecs(new RefSpec((force ? "+" : "") + branch + ":" + branch))
        .call();
  }

  @Override
  public void close() {
    work.close();
  }
}
