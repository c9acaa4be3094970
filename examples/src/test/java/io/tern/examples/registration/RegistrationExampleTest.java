package io.tern.examples.registration;

import io.tern.examples.EmbeddedTern;
import io.tern.jms.TernConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registration example against an embedded broker, with senders that cannot send until the test lets them: every
 * registration returns while not one mail or SMS has gone out, then each user gets one of each.
 */
class RegistrationExampleTest {
    static EmbeddedTern tern;

    @BeforeAll
    static void start() {
        tern = new EmbeddedTern();
    }

    @AfterAll
    static void stop() {
        tern.close();
    }

    @Test
    void registrationReturnsBeforeTheSlowSendersAndEachUserGetsOneMailAndOneSms() throws Exception {
        CountDownLatch outsideWorldUp = new CountDownLatch(1);
        AtomicInteger mailsStuck = new AtomicInteger();
        AtomicInteger smsStuck = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        NotificationSender.Gateway mailServer = (user, to) -> {
            mailsStuck.incrementAndGet();
            outsideWorldUp.await();
            done.incrementAndGet();
        };
        NotificationSender.Gateway smsGateway = (user, to) -> {
            smsStuck.incrementAndGet();
            outsideWorldUp.await();
            done.incrementAndGet();
        };
        AtomicInteger doneWhenRegistered = new AtomicInteger(-1);
        RegistrationExample.Outcome o = RegistrationExample.run(new TernConnectionFactory(tern.url()), 25, mailServer, smsGateway, () -> {
            // every registration has returned; both channels are at work on them, and stuck
            await().atMost(Duration.ofSeconds(30)).until(() -> mailsStuck.get() >= 2 && smsStuck.get() >= 1);
            doneWhenRegistered.set(done.get());
            outsideWorldUp.countDown();
        }, new PrintStream(OutputStream.nullOutputStream()));

        assertThat(doneWhenRegistered.get()).as("notifications finished when all 25 registrations had returned").isZero();
        assertThat(mailsStuck.get()).as("each mail sent once, none retried").isEqualTo(25);
        assertThat(o.userIds()).hasSize(25).doesNotHaveDuplicates();
        for (String id : o.userIds()) {
            assertThat(o.mails().get(id)).as("mails to " + id).hasValue(1);
            assertThat(o.sms().get(id)).as("SMS to " + id).hasValue(1);
        }
    }
}
