package io.tern.examples.transactions;

import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import io.tern.examples.support.Database;
import io.tern.examples.support.Url;
import io.tern.jms.TernXAConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XASession;
import jakarta.transaction.TransactionManager;

import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>Transactions (b): XA with Narayana.</b> One global transaction holds a database row (H2's XA data source) and a
 * message (a Tern XA session); the transaction manager prepares both and commits both, or rolls both back. order-1
 * and order-3 commit; order-2's payment is declined after the row and the message were written, and the rollback
 * removes both: no order row without its event, no event without its row.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run tx-xa} in another.
 */
public final class XaOrderExample {
    static final String QUEUE = "xa-orders";

    /** What happened: the rows in the database and the events delivered. */
    public record Outcome(List<String> rows, List<String> events) {
    }

    public static void main(String[] args) throws Exception {
        Outcome o = run(new TernXAConnectionFactory(Url.from(args)), Url.from(args), System.out);
        System.out.println("rows: " + o.rows() + ", events: " + o.events());
    }

    public static Outcome run(XAConnectionFactory xaFactory, String url, PrintStream out) throws Exception {
        TransactionManager tm = transactionManager();
        Database db = new Database("xa-orders", "create table orders (id varchar(64) primary key)");
        for (String order : List.of("order-1", "order-2", "order-3")) {
            boolean declined = order.equals("order-2");
            placeOrder(tm, db, xaFactory, order, declined);
            out.println("shop: " + order + (declined ? " payment declined: row and event ROLLED BACK" : ": row and event COMMITTED"));
        }
        List<String> rows = new ArrayList<>();
        try (var c = db.connect(); Statement s = c.createStatement(); var r = s.executeQuery("select id from orders order by id")) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        List<String> events = new ArrayList<>();
        try (JMSContext plain = new io.tern.jms.TernConnectionFactory(url).createContext()) {
            JMSConsumer consumer = plain.createConsumer(plain.createQueue(QUEUE));
            for (String e = consumer.receiveBody(String.class, 5_000); e != null; e = consumer.receiveBody(String.class, 1_000)) {
                events.add(e);
                out.println("consumer: " + e);
            }
        }
        return new Outcome(rows, events);
    }

    /** In one global transaction: the row, the event, then commit, or rollback if the payment is declined. */
    private static void placeOrder(TransactionManager tm, Database db, XAConnectionFactory factory, String order, boolean declined)
            throws Exception {
        javax.sql.XAConnection dbConnection = db.dataSource().getXAConnection();
        try (XAConnection jms = factory.createXAConnection()) {
            XASession session = jms.createXASession();
            tm.begin();
            tm.getTransaction().enlistResource(session.getXAResource());
            tm.getTransaction().enlistResource(dbConnection.getXAResource());
            try (Statement s = dbConnection.getConnection().createStatement()) {
                s.execute("insert into orders values ('" + order + "')");
            }
            session.createProducer(session.createQueue(QUEUE)).send(session.createTextMessage(order));
            if (declined) {
                tm.rollback();
            } else {
                tm.commit();
            }
        } finally {
            dbConnection.close();
        }
    }

    /** Narayana in this JVM, its transaction log in a temp directory (a real application keeps it on durable storage). */
    static synchronized TransactionManager transactionManager() throws Exception {
        String store = Files.createTempDirectory("tern-example-narayana-").toString();
        BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class).setObjectStoreDir(store);
        for (String name : List.of("communicationStore", "stateStore")) {
            BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, name).setObjectStoreDir(store);
        }
        return com.arjuna.ats.jta.TransactionManager.transactionManager();
    }
}
