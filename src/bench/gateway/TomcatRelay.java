import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * A floor for the benchmark, not a gateway: Warden's server stack with nothing of Warden in it.
 * Embedded Tomcat (NIO, a virtual thread per request, as Warden runs it) and one servlet that
 * reads the request's body and posts it upstream through Apache HttpClient 5 (classic, pooled,
 * the client Warden uses), then copies the answer back as it is read. No JSON, no policy, no
 * limits, no decision record: what this does per request, every Warden request does too.
 *
 * <p>Arguments: port upstreamUrl. The classpath needs the jars of tomcat-embed-core, httpclient5,
 * httpcore5 and slf4j-api (gateway.sh takes them from Warden's own jar). stacks.sh's
 * ContainerRelay.java reuses its Tomcat and its servlet.
 */
public class TomcatRelay {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String upstream = args[1];
        Tomcat tomcat = start(port, new BlockingRelay(upstream, false));
        System.out.println("TomcatRelay listening on " + port);
        tomcat.getServer().await();
    }

    /** Starts embedded Tomcat as Warden runs it (NIO, a virtual thread per request) with {@code relay} on every path. */
    static Tomcat start(int port, HttpServlet relay) throws Exception {
        File base = Files.createTempDirectory("tomcat-relay").toFile();
        base.deleteOnExit();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("useVirtualThreads", "true");
        connector.setProperty("acceptCount", "10000");
        connector.setProperty("maxConnections", "20000");
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "relay", relay).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "relay");
        tomcat.start();
        return tomcat;
    }

    /**
     * The relay: reads the request's body, posts it upstream through HttpClient 5's pooled
     * classic client (the full one, or with {@code minimal} the one without an execution chain,
     * as Warden uses), and copies the answer back as it is read, on the request's thread.
     */
    static final class BlockingRelay extends HttpServlet {
        private final transient CloseableHttpClient client;
        private final String upstream;

        BlockingRelay(String upstream, boolean minimal) {
            this.upstream = upstream;
            PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(4096).setMaxConnPerRoute(4096).build();
            client = minimal ? HttpClients.createMinimal(pool)
                    : HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries().build();
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = request.getInputStream().readAllBytes();
            HttpPost post = new HttpPost(upstream + request.getRequestURI());
            String authorization = request.getHeader("Authorization");
            if (authorization != null) {
                post.setHeader("Authorization", authorization);
            }
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            client.execute(post, answer -> {
                response.setStatus(answer.getCode());
                HttpEntity entity = answer.getEntity();
                if (entity != null) {
                    if (entity.getContentType() != null) {
                        response.setContentType(entity.getContentType());
                    }
                    entity.writeTo(response.getOutputStream());
                }
                return null;
            });
        }
    }
}
