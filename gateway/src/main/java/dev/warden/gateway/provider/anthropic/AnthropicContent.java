package dev.warden.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** OpenAI message content (a string or an array of parts) as Anthropic content blocks. */
final class AnthropicContent {

    private static final String BASE64 = ";base64";

    private AnthropicContent() {
    }

    /** The content's blocks; empty texts are left out because Anthropic refuses empty text blocks. */
    static List<ObjectNode> blocks(JsonNode content, String path) {
        var blocks = new ArrayList<ObjectNode>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return blocks;
        }
        if (!content.isArray()) {
            throw Json.invalid(path, "expected a string or an array of content parts");
        }
        for (int i = 0; i < content.size(); i++) {
            addPart(blocks, content.get(i), path + "[" + i + "]");
        }
        return blocks;
    }

    /** The content's text; for parts, their texts joined by blank lines. */
    static String text(JsonNode content, String path) {
        var texts = new ArrayList<String>();
        for (var block : blocks(content, path)) {
            if (!"text".equals(Json.text(block, "type"))) {
                throw Json.invalid(path, "only text is allowed here");
            }
            texts.add(block.get("text").asText());
        }
        return String.join("\n\n", texts);
    }

    static ObjectNode textBlock(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    private static void addPart(List<ObjectNode> blocks, JsonNode part, String path) {
        var type = part.isObject() ? Json.text(part, "type") : null;
        if (type == null) {
            throw Json.invalid(path + ".type", "a content part needs a type");
        }
        switch (type) {
            case "text" -> addText(blocks, required(part, "text", path));
            case "refusal" -> addText(blocks, required(part, "refusal", path));
            case "image_url" -> blocks.add(image(part.get("image_url"), path + ".image_url"));
            default -> throw Json.invalid(path + ".type", "'" + type + "' content has no Anthropic counterpart");
        }
    }

    private static void addText(List<ObjectNode> blocks, String text) {
        if (!text.isEmpty()) {
            blocks.add(textBlock(text));
        }
    }

    private static String required(JsonNode part, String field, String path) {
        var text = Json.text(part, field);
        if (text == null) {
            throw Json.invalid(path + "." + field, "expected a string");
        }
        return text;
    }

    private static ObjectNode image(JsonNode imageUrl, String path) {
        // Some clients send the URL itself rather than the {"url": ...} object OpenAI documents.
        var url = imageUrl != null && imageUrl.isTextual() ? imageUrl.asText()
                : imageUrl != null ? Json.text(imageUrl, "url") : null;
        if (url == null) {
            throw Json.invalid(path + ".url", "an image needs a URL");
        }
        var source = Json.object();
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            var header = comma < 0 ? "" : url.substring("data:".length(), comma);
            if (!header.endsWith(BASE64) || header.length() == BASE64.length()) {
                throw Json.invalid(path + ".url", "a data URL must be base64 with a media type, as in data:image/png;base64,...");
            }
            var mediaType = header.substring(0, header.indexOf(';'));
            source.put("type", "base64").put("media_type", mediaType).put("data", url.substring(comma + 1));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url").put("url", url);
        } else {
            throw Json.invalid(path + ".url", "expected a data: or http(s): URL");
        }
        var block = Json.object().put("type", "image");
        block.set("source", source);
        return block;
    }
}
