package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.OpenAiFields.NODES;
import static dev.warden.gateway.provider.gemini.OpenAiFields.optionalText;
import static dev.warden.gateway.provider.gemini.OpenAiFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns the content of an OpenAI message (a string or a list of typed parts) into Gemini parts. */
final class GeminiParts {

    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+)(?:;[^;,]*)*;base64,(.*)", Pattern.DOTALL);

    // Gemini wants a MIME type with a file URI; a URL's extension is the only hint there is.
    private static final Map<String, String> MIME_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "gif", "image/gif", "heic", "image/heic", "heif", "image/heif", "pdf", "application/pdf");

    private static final String ANY_IMAGE = "image/*";

    private GeminiParts() {
    }

    /** Every part of a user or assistant message; empty text is left out, since Gemini rejects it. */
    static ArrayNode fromContent(JsonNode content, String path) {
        var parts = NODES.arrayNode();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            addText(parts, content.asText());
            return parts;
        }
        if (!content.isArray()) {
            throw new IllegalArgumentException(path + " must be a string or a list of parts");
        }
        for (int i = 0; i < content.size(); i++) {
            var part = part(content.get(i), path + "[" + i + "]");
            if (part != null) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The texts of a message that may hold only text: system, developer and tool messages. */
    static List<String> texts(JsonNode content, String path) {
        var texts = new ArrayList<String>();
        if (content == null || content.isNull()) {
            return texts;
        }
        if (content.isTextual()) {
            texts.add(content.asText());
            return texts;
        }
        if (!content.isArray()) {
            throw new IllegalArgumentException(path + " must be a string or a list of text parts");
        }
        for (int i = 0; i < content.size(); i++) {
            var part = content.get(i);
            if (!"text".equals(part.path("type").asText())) {
                throw new IllegalArgumentException(path + "[" + i + "].type must be 'text' in this message");
            }
            texts.add(requiredText(part, "text", path + "[" + i + "]"));
        }
        return texts;
    }

    static void addText(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
    }

    private static ObjectNode part(JsonNode part, String path) {
        var type = part.path("type").asText("");
        return switch (type) {
            case "text", "refusal" -> text(requiredText(part, type, path));
            case "image_url" -> image(part.path("image_url"), path + ".image_url");
            case "input_audio" -> audio(part.path("input_audio"), path + ".input_audio");
            case "file" -> file(part.path("file"), path + ".file");
            default -> throw new IllegalArgumentException(path + ".type '" + type + "' cannot be sent to Gemini");
        };
    }

    private static ObjectNode text(String text) {
        return text.isEmpty() ? null : NODES.objectNode().put("text", text);
    }

    private static ObjectNode image(JsonNode image, String path) {
        // Some clients send the URL itself rather than {"url": ...}.
        var url = image.isTextual() ? image.asText() : requiredText(image, "url", path);
        var at = image.isTextual() ? path : path + ".url";
        if (url.startsWith("data:")) {
            return inline(url, at);
        }
        var scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(at + " must be a data: URL or an http(s) URL");
        }
        var part = NODES.objectNode();
        part.putObject("fileData").put("mimeType", guessMimeType(url, at)).put("fileUri", url);
        return part;
    }

    private static ObjectNode audio(JsonNode audio, String path) {
        var data = requiredText(audio, "data", path);
        var format = requiredText(audio, "format", path);
        var part = NODES.objectNode();
        part.putObject("inlineData").put("mimeType", "audio/" + format).put("data", data);
        return part;
    }

    private static ObjectNode file(JsonNode file, String path) {
        var data = optionalText(file, "file_data", path);
        if (data != null) {
            return inline(data, path + ".file_data");
        }
        if (optionalText(file, "file_id", path) != null) {
            throw new IllegalArgumentException(path + ".file_id names an OpenAI upload, which Gemini cannot read");
        }
        throw new IllegalArgumentException(path + ".file_data must be a data: URL");
    }

    private static ObjectNode inline(String dataUrl, String path) {
        var matcher = DATA_URL.matcher(dataUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(path + " must be a base64 data: URL with a MIME type");
        }
        var part = NODES.objectNode();
        part.putObject("inlineData").put("mimeType", matcher.group(1)).put("data", matcher.group(2));
        return part;
    }

    private static String guessMimeType(String url, String path) {
        String file;
        try {
            file = new URI(url).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path + " is not a valid URL", e);
        }
        if (file == null || file.lastIndexOf('.') < file.lastIndexOf('/')) {
            return ANY_IMAGE;
        }
        var extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return MIME_TYPES.getOrDefault(extension, ANY_IMAGE);
    }
}
