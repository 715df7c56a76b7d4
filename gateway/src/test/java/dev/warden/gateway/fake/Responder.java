package dev.warden.gateway.fake;

import dev.warden.gateway.fake.FakeProvider.Format;
import dev.warden.gateway.fake.FakeProvider.Received;
import java.util.Optional;

/** How one provider reads requests and writes answers, in its own wire format. */
interface Responder {

    static Responder of(Format format) {
        return switch (format) {
            case OPENAI -> new OpenAiResponder(false);
            case AZURE_OPENAI -> new OpenAiResponder(true);
            case ANTHROPIC -> new AnthropicResponder();
            case GEMINI -> new GeminiResponder();
        };
    }

    /** The path prefix of the base URL a Warden provider is configured with. */
    String basePath();

    /** The model a request is for, or an empty string when it names none. */
    String model(Received request);

    /** The error the provider answers before looking at the model: an unknown path, a missing key. */
    Optional<Reply.Whole> rejection(Received request);

    /** The provider's answer when all is well: whole, or a stream when the request asks for one. */
    Reply answer(Received request);

    /** An error in the provider's own shape. */
    Reply.Whole error(int status, String message);
}
