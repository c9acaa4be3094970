package io.tern.cli;

import io.tern.acl.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Prints the ACL file line for a user: {@code user NAME HASH}. */
@Command(name = "hash-password", description = "Print an ACL 'user' line with the password hashed (PBKDF2).")
final class HashPasswordCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, description = "the user name to write on the ACL file's user line")
    String user;
    @Option(names = "--password", required = true, description = "the password to hash (PBKDF2; only the hash goes in the file)")
    String password;

    @Override
    public Integer call() {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("--password must not be empty");
        }
        System.out.println("user " + user + " " + PasswordHash.hash(password));
        return 0;
    }
}
