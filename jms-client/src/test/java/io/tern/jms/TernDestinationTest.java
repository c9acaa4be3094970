package io.tern.jms;

import io.tern.jms.internal.message.TemporaryDestinationOwner;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.naming.Reference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Destinations: the text forms, equality, serialization, JNDI references, deleting temporary ones. */
class TernDestinationTest {
    @ParameterizedTest(name = "{0} round trips through its text form")
    @ValueSource(strings = {"queue://orders", "topic://prices.eu", "temp-queue://TMPQ.1", "temp-topic://TMPT.2",
            "queue://a/b://c", "topic://ünïcode"})
    void textFormRoundTrips(String uri) {
        assertThat(TernDestination.fromUri(uri).toUri()).isEqualTo(uri);
        assertThat(TernDestination.fromUri(uri).toString()).isEqualTo(uri);
    }

    @Test
    void textFormGivesTheKind() {
        assertThat(TernDestination.fromUri("queue://q")).isInstanceOf(TernQueue.class).extracting(TernDestination::name).isEqualTo("q");
        assertThat(TernDestination.fromUri("topic://t")).isInstanceOf(TernTopic.class);
        assertThat(TernDestination.fromUri("temp-queue://x")).isInstanceOf(TernTemporaryQueue.class);
        assertThat(TernDestination.fromUri("temp-topic://x")).isInstanceOf(TernTemporaryTopic.class);
        assertThat(TernDestination.fromUri(null)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" is not a destination text")
    @ValueSource(strings = {"orders", "queue:/x", "queue://", "http://x", ""})
    void badTextFormIsIllegalArgumentExceptionNamingIt(String text) {
        assertThatThrownBy(() -> TernDestination.fromUri(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
    }

    @Test
    void emptyOrNullNameIsRefused() {
        assertThatThrownBy(() -> new TernQueue("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TernTopic(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityIsByKindAndName() {
        assertThat(new TernQueue("x")).isEqualTo(new TernQueue("x")).hasSameHashCodeAs(new TernQueue("x"));
        assertThat(new TernQueue("x")).isNotEqualTo(new TernTopic("x")).isNotEqualTo(new TernTemporaryQueue("x", null));
        assertThat(new TernTemporaryQueue("x", new Owner())).isEqualTo(new TernTemporaryQueue("x", null));
    }

    @Test
    void gettersGiveTheName() throws JMSException {
        assertThat(new TernQueue("q").getQueueName()).isEqualTo("q");
        assertThat(new TernTopic("t").getTopicName()).isEqualTo("t");
        assertThat(new TernTemporaryQueue("tq", null).getQueueName()).isEqualTo("tq");
        assertThat(new TernTemporaryTopic("tt", null).getTopicName()).isEqualTo("tt");
        assertThat(new TernQueue("q").isQueue()).isTrue();
        assertThat(new TernTemporaryTopic("tt", null).isTemporary()).isTrue();
    }

    @Test
    void destinationsSerializeAndTemporaryOnesLoseTheirOwner() throws Exception {
        List<TernDestination> all = List.of(new TernQueue("q"), new TernTopic("t"),
                new TernTemporaryQueue("TMPQ.1", new Owner()), new TernTemporaryTopic("TMPT.1", new Owner()));
        for (TernDestination d : all) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(b)) {
                out.writeObject(d);
            }
            Object back = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray())).readObject();
            assertThat(back).isEqualTo(d);
        }
    }

    @Test
    void queueAndTopicAreReferenceableByTheirTextForm() {
        Reference q = new TernQueue("q").getReference();
        assertThat(q.getClassName()).isEqualTo(TernQueue.class.getName());
        assertThat(q.getFactoryClassName()).isEqualTo("io.tern.jms.jndi.TernObjectFactory");
        assertThat(q.get(TernQueue.REFERENCE_ADDRESS).getContent()).isEqualTo("queue://q");
        assertThat(new TernTopic("t").getReference().get(TernQueue.REFERENCE_ADDRESS).getContent()).isEqualTo("topic://t");
    }

    @Test
    void temporaryDestinationIsDeletedThroughItsOwner() throws JMSException {
        Owner owner = new Owner();
        TernTemporaryQueue q = new TernTemporaryQueue("TMPQ.9", owner);
        TernTemporaryTopic t = new TernTemporaryTopic("TMPT.9", owner);
        q.delete();
        t.delete();
        assertThat(owner.deleted).containsExactly(q, t);
    }

    @Test
    void temporaryDestinationWithoutOwnerCannotBeDeleted() {
        assertThatThrownBy(() -> new TernTemporaryQueue("TMPQ.7", null).delete()).isInstanceOf(JMSException.class)
                .hasMessageContaining("temp-queue://TMPQ.7");
        assertThatThrownBy(() -> ((TernTemporaryTopic) TernDestination.fromUri("temp-topic://TMPT.7")).delete())
                .isInstanceOf(JMSException.class);
    }

    @Test
    void ofKeepsTernDestinationsAndNull() throws JMSException {
        TernQueue q = new TernQueue("q");
        assertThat(TernDestination.of(q)).isSameAs(q);
        assertThat(TernDestination.of(null)).isNull();
    }

    private static final class Owner implements TemporaryDestinationOwner {
        final List<TernDestination> deleted = new ArrayList<>();

        @Override
        public void deleteTemporary(TernDestination d) {
            deleted.add(d);
        }

        @Override
        public boolean owns(TernDestination d) {
            return true;
        }
    }
}
