import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Floors for stacks.sh, not gateways (compiled with TomcatRelay.java): TomcatRelay's relay (read the request's body, post it
 * upstream, copy the answer back; no JSON, no governance) on the other servlet containers Spring
 * Boot can run, and on Tomcat with the upstream call made non-blocking. Each runs the servlet on
 * a virtual thread per request, as Warden does.
 *
 * <ul>
 *   <li>{@code jetty}: Jetty 12 (ee10), HttpClient 5 classic, as TomcatRelay;</li>
 *   <li>{@code undertow}: Undertow, HttpClient 5 classic, as TomcatRelay;</li>
 *   <li>{@code tomcat-async}: Tomcat; the servlet starts async processing and HttpClient 5's
 *       async client (one I/O reactor thread per core) writes the answer from its reactor thread,
 *       so no thread waits on the upstream;</li>
 *   <li>{@code tomcat-async-wait}: as tomcat-async, but the request's virtual thread waits for
 *       the async client's answer and writes it itself, as a blocking servlet does;</li>
 *   <li>{@code tomcat-minimal} and {@code tomcat-async-wait-minimal}: TomcatRelay and
 *       tomcat-async-wait with HttpClient 5's minimal clients (no execution chain), as Warden
 *       uses.</li>
 * </ul>
 *
 * <p>Arguments: container port upstreamUrl.
 */
public class ContainerRelay {

    public static void main(String[] args) throws Exception {
        String container = args[0];
        int port = Integer.parseInt(args[1]);
        String upstream = args[2];
        switch (container) {
            case "jetty" -> jetty(port, new TomcatRelay.BlockingRelay(upstream, false));
            case "undertow" -> undertow(port, new TomcatRelay.BlockingRelay(upstream, false));
            case "tomcat-async" -> tomcat(port, new AsyncRelay(upstream, false, false));
            case "tomcat-async-wait" -> tomcat(port, new AsyncRelay(upstream, true, false));
            case "tomcat-minimal" -> tomcat(port, new TomcatRelay.BlockingRelay(upstream, true));
            case "tomcat-async-wait-minimal" -> tomcat(port, new AsyncRelay(upstream, true, true));
            default -> throw new IllegalArgumentException("unknown container: " + container);
        }
        System.out.println("ContainerRelay " + container + " listening on " + port);
    }

    private static void jetty(int port, HttpServlet relay) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(10000);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(relay), "/*");
        server.setHandler(context);
        server.start();
    }

    private static void undertow(int port, HttpServlet relay) throws Exception {
        DeploymentInfo deployment = Servlets.deployment().setClassLoader(ContainerRelay.class.getClassLoader())
                .setContextPath("").setDeploymentName("relay")
                .setExecutor(Executors.newVirtualThreadPerTaskExecutor())
                .addServlet(Servlets.servlet("relay", HttpServlet.class, new ImmediateInstanceFactory<Servlet>(relay)).addMapping("/*"));
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(manager.start()).build().start();
    }

    private static void tomcat(int port, HttpServlet relay) throws Exception {
        TomcatRelay.start(port, relay);
    }

    /**
     * The same relay through HttpClient 5's async client, whose reactor threads read every upstream
     * connection; the answer is written from the reactor thread, or, when {@code wait}, by the
     * request's virtual thread once the reactor has it.
     */
    private static final class AsyncRelay extends HttpServlet {
        private final transient CloseableHttpAsyncClient client;
        private final String upstream;
        private final boolean wait;

        AsyncRelay(String upstream, boolean wait, boolean minimal) {
            this.upstream = upstream;
            this.wait = wait;
            var pool = PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnTotal(4096).setMaxConnPerRoute(4096).build();
            client = minimal ? HttpAsyncClients.createMinimal(pool)
                    : HttpAsyncClients.custom().setConnectionManager(pool).disableAutomaticRetries().build();
            client.start();
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            SimpleRequestBuilder post = SimpleRequestBuilder.post(upstream + request.getRequestURI());
            String authorization = request.getHeader("Authorization");
            if (authorization != null) {
                post.setHeader("Authorization", authorization);
            }
            post.setBody(request.getInputStream().readAllBytes(), ContentType.APPLICATION_JSON);
            if (wait) {
                try {
                    write(client.execute(post.build(), null).get(), response);
                } catch (InterruptedException | ExecutionException e) {
                    response.setStatus(502);
                }
                return;
            }
            AsyncContext async = request.startAsync();
            async.setTimeout(30_000);
            client.execute(post.build(), new FutureCallback<>() {
                @Override
                public void completed(SimpleHttpResponse answer) {
                    try {
                        write(answer, response);
                    } catch (IOException e) {
                        // the client went away: nothing to answer
                    } finally {
                        async.complete();
                    }
                }

                @Override
                public void failed(Exception e) {
                    response.setStatus(502);
                    async.complete();
                }

                @Override
                public void cancelled() {
                    failed(null);
                }
            });
        }

        private static void write(SimpleHttpResponse answer, HttpServletResponse response) throws IOException {
            response.setStatus(answer.getCode());
            if (answer.getContentType() != null) {
                response.setContentType(answer.getContentType().toString());
            }
            byte[] body = answer.getBodyBytes();
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
