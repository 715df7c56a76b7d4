package dev.warden.gateway.api;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A request whose body may be read up to a limit only: reading past it fails with a 413, whether
 * or not the client declared a length. Bodies read by Spring (the control API's) are bounded so.
 */
public final class BoundedBody extends HttpServletRequestWrapper {

    private final long maxBytes;
    private ServletInputStream bounded;

    public BoundedBody(HttpServletRequest request, long maxBytes) {
        super(request);
        this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (getContentLengthLong() > maxBytes) {
            throw GatewayException.tooLarge(maxBytes);
        }
        if (bounded == null) {
            var in = super.getInputStream();
            bounded = new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (read > maxBytes) {
                        throw GatewayException.tooLarge(maxBytes);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
        return bounded;
    }
}
