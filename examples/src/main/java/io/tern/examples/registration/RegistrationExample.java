package io.tern.examples.registration;

import io.tern.examples.support.Counter;
import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.ConnectionFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Asynchronous work: registration mail and SMS.</b> Registering a user is a database write and one event; two
 * mail senders (sharing the {@code mail} subscription) and one SMS sender (the {@code sms} subscription) do the slow
 * part afterwards, in parallel. The registrations finish long before the notifications do.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run registration} in another.
 */
public final class RegistrationExample {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** What happened: the users registered and what each channel sent. */
    public record Outcome(List<String> userIds, Map<String, AtomicInteger> mails, Map<String, AtomicInteger> sms) {
    }

    public static void main(String[] args) throws Exception {
        // a mail server that takes 300 ms per mail and an SMS gateway that takes 500 ms
        run(new TernConnectionFactory(Url.from(args)), 10, (user, to) -> Thread.sleep(300), (user, to) -> Thread.sleep(500),
                () -> { }, System.out);
    }

    /**
     * Starts the senders, registers {@code users} users, runs {@code afterRegistering} (with every registration
     * returned), then waits until every mail and SMS is sent.
     */
    public static Outcome run(ConnectionFactory factory, int users, NotificationSender.Gateway mailServer,
                              NotificationSender.Gateway smsGateway, Runnable afterRegistering, PrintStream out) throws Exception {
        Map<String, AtomicInteger> mails = NotificationSender.newTally();
        Map<String, AtomicInteger> sms = NotificationSender.newTally();
        Counter mailCount = new Counter("welcome mails sent");
        Counter smsCount = new Counter("SMS sent");
        List<String> ids = new ArrayList<>();
        try (NotificationSender mail1 = new NotificationSender(factory, "mail", "email", mailServer, mails, mailCount, out);
             NotificationSender mail2 = new NotificationSender(factory, "mail", "email", mailServer, mails, mailCount, out);
             NotificationSender sms1 = new NotificationSender(factory, "sms", "phone", smsGateway, sms, smsCount, out);
             RegistrationService registration = new RegistrationService(factory)) {
            for (int i = 1; i <= users; i++) {
                long start = System.nanoTime();
                String id = registration.register("user " + i, "user" + i + "@example.com", "+4670000" + i);
                ids.add(id);
                out.printf("registration: %s registered in %.1f ms%n", id, (System.nanoTime() - start) / 1e6);
            }
            out.printf("registration: %d users registered; %d mails and %d SMS sent so far%n", users, mailCount.get(), smsCount.get());
            afterRegistering.run();
            mailCount.awaitAtLeast(users, PATIENCE);
            smsCount.awaitAtLeast(users, PATIENCE);
            out.println("registration: every mail and SMS sent");
        }
        return new Outcome(List.copyOf(ids), mails, sms);
    }
}
