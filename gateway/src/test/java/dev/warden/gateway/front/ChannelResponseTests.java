package dev.warden.gateway.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.gateway.exchange.ClientGone;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The servlet-like behaviour the request path relies on, read off the messages the channel is given. */
class ChannelResponseTests {

    private final EmbeddedChannel channel = new EmbeddedChannel();

    @Test
    void aWholeAnswerLeavesAsOneMessageWhenItEndsNotBefore() throws IOException {
        var response = new ChannelResponse(channel, true, false);
        response.status(201);
        response.contentType("application/json");
        response.header("x-warden-route", "gpt");
        response.contentLength(7);

        response.body().write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        // Not sent with its last byte: its decision record is written first, as on Tomcat.
        assertThat(sent()).isEmpty();
        response.end();

        var sent = sent();
        assertThat(sent).hasSize(1);
        var whole = (FullHttpResponse) sent.getFirst();
        assertThat(whole.status().code()).isEqualTo(201);
        assertThat(HttpUtil.getContentLength(whole)).isEqualTo(7);
        assertThat(whole.headers().get("x-warden-route")).isEqualTo("gpt");
        assertThat(text(whole.content())).isEqualTo("{\"a\":1}");
        assertThat(response.ended()).isTrue();
        // Later writes and the end are ignored, as a servlet response ignores them.
        response.body().write('x');
        response.end();
        assertThat(sent()).isEmpty();
    }

    @Test
    void anAnswerEndedBeforeItWasSentGetsItsExactLength() throws IOException {
        var response = new ChannelResponse(channel, false, false);
        response.body().write("partial".getBytes(StandardCharsets.UTF_8));
        response.body().write(" and more".getBytes(StandardCharsets.UTF_8));
        assertThat(sent()).isEmpty();

        response.end();

        var whole = (FullHttpResponse) sent().getFirst();
        assertThat(HttpUtil.getContentLength(whole)).isEqualTo(16);
        assertThat(HttpUtil.isKeepAlive(whole)).isFalse();
        assertThat(text(whole.content())).isEqualTo("partial and more");
    }

    @Test
    void aFlushSendsTheHeadAndTheEventsSoFarChunkedAndTheEndFollows() throws IOException {
        var response = new ChannelResponse(channel, true, false);
        response.contentType("text/event-stream");
        response.body().write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));

        response.body().flush();

        var first = sent();
        assertThat(first).hasSize(2);
        var head = (HttpResponse) first.get(0);
        assertThat(HttpUtil.isTransferEncodingChunked(head)).isTrue();
        assertThat(first.get(1)).isNotInstanceOf(LastHttpContent.class);
        assertThat(text(((HttpContent) first.get(1)).content())).isEqualTo("data: 1\n\n");
        assertThat(response.committed()).isTrue();

        response.header("x-too-late", "1");
        response.status(500);
        response.body().write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        response.body().close();

        var last = sent();
        assertThat(last).hasSize(1);
        assertThat(last.getFirst()).isInstanceOf(LastHttpContent.class);
        assertThat(text(((HttpContent) last.getFirst()).content())).isEqualTo("data: [DONE]\n\n");
        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.headers().contains("x-too-late")).isFalse();
    }

    @Test
    void aBodyOverTheBufferIsSentAsItFillsIt() throws IOException {
        var response = new ChannelResponse(channel, true, false);

        response.body().write(new byte[ChannelResponse.BUFFER_SIZE + 100]);

        var sent = sent();
        assertThat(sent).hasSize(2);
        assertThat(((HttpContent) sent.get(1)).content().readableBytes()).isEqualTo(ChannelResponse.BUFFER_SIZE);
        response.end();
        assertThat(((HttpContent) sent().getFirst()).content().readableBytes()).isEqualTo(100);
    }

    @Test
    void bytesNotSentYetCanBeReplacedByAnErrorAndSentOnesCannot() throws IOException {
        var response = new ChannelResponse(channel, true, false);
        response.body().write("half an answer".getBytes(StandardCharsets.UTF_8));

        response.resetBuffer();
        response.status(502);
        response.body().write("{\"error\":{}}".getBytes(StandardCharsets.UTF_8));
        response.end();

        var whole = (FullHttpResponse) sent().getFirst();
        assertThat(whole.status().code()).isEqualTo(502);
        assertThat(text(whole.content())).isEqualTo("{\"error\":{}}");

        var streamed = new ChannelResponse(channel, true, false);
        streamed.body().flush();
        assertThatThrownBy(streamed::resetBuffer).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anHttp10ClientGetsNoChunksAndItsConnectionEndsTheStream() throws IOException {
        var response = new ChannelResponse(channel, true, true);
        response.body().write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
        response.body().flush();

        var head = (HttpResponse) sent().getFirst();
        assertThat(HttpUtil.isTransferEncodingChunked(head)).isFalse();
        assertThat(head.headers().get("connection")).isEqualTo("close");

        response.end();
        sent();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anHttp10ClientThatAskedToKeepItsConnectionIsToldItIsKept() throws IOException {
        var response = new ChannelResponse(channel, true, true);
        response.contentLength(2);

        response.body().write("{}".getBytes(StandardCharsets.UTF_8));
        response.end();

        var whole = (FullHttpResponse) sent().getFirst();
        assertThat(whole.headers().get("connection")).isEqualTo("keep-alive");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aNotModifiedAnswerGetsNoLengthOfItsOwn() throws IOException {
        var response = new ChannelResponse(channel, true, false);
        response.status(304);

        response.end();

        assertThat(((FullHttpResponse) sent().getFirst()).headers().contains("content-length")).isFalse();
    }

    @Test
    void aResetDropsTheHeadersAndLengthOfTheAnswerItReplaces() throws IOException {
        var response = new ChannelResponse(channel, true, false);
        response.status(200);
        response.addHeader("set-cookie", "a=1");
        response.contentLength(1000);
        response.body().write("the first bytes of 1000".getBytes(StandardCharsets.UTF_8));

        response.reset();
        response.status(502);
        response.body().write("{}".getBytes(StandardCharsets.UTF_8));
        response.end();

        var whole = (FullHttpResponse) sent().getFirst();
        assertThat(whole.status().code()).isEqualTo(502);
        assertThat(whole.headers().contains("set-cookie")).isFalse();
        assertThat(HttpUtil.getContentLength(whole)).isEqualTo(2);
    }

    @Test
    void aClientGoneFailsTheNextWriteAsClientGone() throws IOException {
        var response = new ChannelResponse(channel, true, false);
        response.body().write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
        channel.close();

        assertThatThrownBy(() -> response.body().flush())
                .isInstanceOf(ClientGone.class)
                .satisfies(gone -> assertThat(response.isClientGone(gone)).isTrue());
        assertThat(response.isClientGone(new IOException("disk full"))).isFalse();
        // Work cancelled for the client gone says so itself, with a ClientGone: a bare cancellation is not taken for it.
        assertThat(response.isClientGone(new CancellationException())).isFalse();
    }

    /** The messages written to the channel since the last look, their tasks run first. */
    private List<Object> sent() {
        channel.runPendingTasks();
        var messages = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            messages.add(message);
        }
        return messages;
    }

    private static String text(ByteBuf content) {
        return content.toString(StandardCharsets.UTF_8);
    }
}
