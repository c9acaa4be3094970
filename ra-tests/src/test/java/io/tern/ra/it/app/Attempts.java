package io.tern.ra.it.app;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /attempts?text=T}: how many times {@link PoisonMdb} was handed the message with text T. */
@WebServlet("/attempts")
public class Attempts extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.getWriter().print(PoisonMdb.attempts(req.getParameter("text")));
    }
}
