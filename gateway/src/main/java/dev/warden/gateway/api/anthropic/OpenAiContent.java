package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/** Anthropic content blocks as OpenAI content parts. */
final class OpenAiContent {

    private OpenAiContent() {
    }

    static ObjectNode textPart(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    /** An image block, its source base64 data or a URL, as an {@code image_url} part. */
    static ObjectNode imagePart(JsonNode block, String path) {
        var source = block.path("source");
        var type = Json.requireText(source, "type", path + ".source.type");
        var url = switch (type) {
            case "base64" -> "data:" + Json.requireText(source, "media_type", path + ".source.media_type")
                    + ";base64," + Json.requireText(source, "data", path + ".source.data");
            case "url" -> Json.requireText(source, "url", path + ".source.url");
            default -> throw Json.invalid(path + ".source.type", "'" + type + "' images have no OpenAI counterpart");
        };
        var part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    /**
     * A message's content: a plain string when it is one text, otherwise the parts. Several texts
     * stay separate parts rather than being joined, so no separator is invented between them.
     */
    static JsonNode content(List<ObjectNode> parts) {
        if (parts.size() == 1 && "text".equals(Json.text(parts.get(0), "type"))) {
            return TextNode.valueOf(parts.get(0).get("text").asText());
        }
        var array = Json.array();
        array.addAll(parts);
        return array;
    }

    /**
     * The text of a system prompt or tool result, a string or text blocks joined by blank lines;
     * images, which OpenAI allows in neither, are added to {@code images}.
     */
    static String text(JsonNode content, String path, List<ObjectNode> images) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw Json.invalid(path, "expected a string or an array of content blocks");
        }
        var texts = new ArrayList<String>();
        for (int i = 0; i < content.size(); i++) {
            var blockPath = path + "[" + i + "]";
            var block = content.get(i);
            switch (Json.requireText(block, "type", blockPath + ".type")) {
                case "text" -> texts.add(Json.requireText(block, "text", blockPath + ".text"));
                case "image" -> {
                    if (images == null) {
                        throw Json.invalid(blockPath + ".type", "only text is allowed here");
                    }
                    images.add(imagePart(block, blockPath));
                }
                default -> throw Json.invalid(blockPath + ".type", "only text and images are allowed here");
            }
        }
        return String.join("\n\n", texts);
    }
}
