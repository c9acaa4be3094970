package io.tern.ra.it.app;

import jakarta.jms.JMSConnectionFactoryDefinition;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ejb.EJB;

import java.io.IOException;

/**
 * The application's JMS resources, defined portably on the Tern resource adapter ("tern-ra": the RAR's module name
 * on Payara; WildFly accepts it too), and the servlet the test calls to make an EJB send:
 * {@code GET /send?queue=Q&text=T&outcome=commit|rollback&api=connection|context} ({@link Sender} through the
 * injected {@code ConnectionFactory}, {@link ContextSender} through {@code @Inject JMSContext}).
 *
 * <p>WildFly ignores {@code destinationName} for adapters other than its own and Payara maps it to the admin object's
 * {@code Name}: the property {@code Name} says it for both.
 */
@JMSConnectionFactoryDefinition(name = JmsResources.CF, interfaceName = "jakarta.jms.ConnectionFactory", resourceAdapter = "tern-ra")
@JMSDestinationDefinition(name = JmsResources.OUT, interfaceName = "jakarta.jms.Queue", className = "io.tern.ra.admin.AdministeredQueue",
        resourceAdapter = "tern-ra", destinationName = JmsResources.OUT_NAME, properties = {"Name=" + JmsResources.OUT_NAME})
@WebServlet("/send")
public class JmsResources extends HttpServlet {
    public static final String CF = "java:app/jms/TernCF";
    public static final String OUT = "java:app/jms/Out";
    public static final String OUT_NAME = "ra-out";
    public static final String IN_NAME = "ra-in";
    public static final String POISON_NAME = "ra-poison";

    @EJB
    private Sender sender;

    @EJB
    private ContextSender contextSender;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String queue = req.getParameter("queue");
        String text = req.getParameter("text");
        boolean commit = !"rollback".equals(req.getParameter("outcome"));
        boolean context = "context".equals(req.getParameter("api"));
        try {
            if (context) {
                contextSender.send(queue, text, commit);
            } else if (commit) {
                sender.sendAndCommit(queue, text);
            } else {
                sender.sendAndRollBack(queue, text);
            }
            resp.getWriter().print("sent " + text + (commit ? " committed" : " rolled back"));
        } catch (RuntimeException e) {
            resp.setStatus(500);
            resp.getWriter().print("failed: " + causes(e));
        }
    }

    /** The chain of causes, so the test's failure message says what the server saw (EJBException wraps everything). */
    static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(b.length() == 0 ? "" : " <- ").append(t);
        }
        return b.toString();
    }
}
